"""The validate stage's checks, one subject per module: each function yields located Problems.

scripts/validate.py runs them in order; the words of every problem are in scripts/codes.yml.
"""
