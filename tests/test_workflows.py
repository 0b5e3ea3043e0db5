"""The GitHub Actions workflows: linted offline, and held to the project's supply-chain rules.

A broken or unsafe workflow fails here, in `make test`, rather than on GitHub after a merge.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
BIN = Path(sys.executable).parent  # actionlint and zizmor come from the hashed lock, into the venv
SHA = re.compile(r"[0-9a-f]{40}")
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?:#\s*(?P<comment>.*))?$", re.M)
VERSION = re.compile(r"v\d+\.\d+\.\d+")
# Everything the build reads: the data, the pages, the build itself and how it is run.
PUBLISH_PATHS = {"data/**", "docs/**", "scripts/**", "mkdocs.yml", "Makefile", "requirements.txt",
                 ".github/workflows/publish.yml"}  # fmt: skip
# Steps that only one of the two jobs has; every other step must be the same in both.
PULL_REQUEST_ONLY = {
    "List the changed figures in the job summary",
    "Screenshot the changed indicator pages for the preview",
    "Audit the built site as readers and checkers meet it",
}
PUBLISH_ONLY = {"Date the build by the day it runs (weekly republish)", "Find the site's published address"}


def _workflow(name: str) -> dict:
    return yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    triggers = workflow.get("on", workflow.get(True))
    return {triggers: None} if isinstance(triggers, str) else dict(triggers)


def _steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def _what_runs(steps: list[dict]) -> list[tuple]:
    """A step as what it does, without its display name."""
    return [(s.get("uses"), s.get("run"), repr(s.get("with")), s.get("if")) for s in steps]


def _lint(tool: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = BIN / tool
    if not exe.exists():
        pytest.fail(f"{exe} is missing: it is installed from requirements.txt (make test sets the venv up)")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


# --- The linters ---


def test_there_are_workflows_to_check() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml", "republish.yml", "links.yml"}


def _actionlint(cwd: Path, files: list[Path]) -> subprocess.CompletedProcess:
    # shellcheck and pyflakes are switched off so that the result does not depend on what else
    # happens to be installed on the machine.
    return _lint("actionlint", "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *map(str, files), cwd=cwd)


def _zizmor(target: Path) -> subprocess.CompletedProcess:
    # --offline: no GitHub API calls; --pedantic: also the code smells, e.g. undocumented permissions.
    return _lint("zizmor", "--offline", "--pedantic", "--format", "plain", str(target))


def test_actionlint_finds_nothing() -> None:
    result = _actionlint(ROOT, WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = _zizmor(GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr


BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo "${{ steps.missing.outputs.nothing }}"
"""


def test_the_linters_do_catch_a_bad_workflow(tmp_path: Path) -> None:
    """Guards the two tests above: a linter that silently checks nothing would also pass them."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    actionlint, zizmor = _actionlint(tmp_path, [bad]), _zizmor(tmp_path / ".github")
    assert actionlint.returncode != 0 and "missing" in actionlint.stdout
    assert zizmor.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses"):
        assert audit in zizmor.stdout, audit


# --- Pinning ---


def _uses() -> list[tuple[str, str, str]]:
    found = []
    for path in WORKFLOWS:
        for m in USES.finditer(path.read_text(encoding="utf-8")):
            if not m["ref"].startswith("./"):  # a workflow of this repository, at this commit
                found.append((path.name, m["ref"], (m["comment"] or "").strip()))
    return found


@pytest.mark.parametrize(("workflow", "ref", "comment"), _uses())
def test_every_action_is_pinned_to_a_commit_with_its_version(workflow: str, ref: str, comment: str) -> None:
    action, _, commit = ref.partition("@")
    assert not action.startswith("docker://"), "use actions, not container images, or pin the image by digest"
    assert SHA.fullmatch(commit), f"{workflow}: {ref} is not pinned to a full 40-character commit SHA"
    assert VERSION.fullmatch(comment), f"{workflow}: {ref} needs its release as a comment, e.g. # v1.2.3"


def test_each_action_is_pinned_to_one_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for _, ref, comment in _uses():
        action, _, commit = ref.partition("@")
        pins.setdefault(action, set()).add(f"{commit} {comment}")
    assert {a: p for a, p in pins.items() if len(p) > 1} == {}


# --- Permissions, triggers, concurrency ---


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_token_is_read_only_by_default(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}


def test_only_deploying_may_write_to_pages() -> None:
    granted = {
        (path.name, job_id): job.get("permissions")
        for path in WORKFLOWS
        for job_id, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items()
        if "permissions" in job
    }
    assert granted == {
        ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
        # configure-pages reads the published address from the Pages API.
        ("publish.yml", "build"): {"contents": "read", "pages": "read"},
        # A caller grants what the called workflow's jobs need: it runs publish.yml's deploy job.
        ("republish.yml", "republish"): {"contents": "read", "pages": "write", "id-token": "write"},
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_pull_request_code_with_secrets(path: Path) -> None:
    triggers = _triggers(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert not {"pull_request_target", "workflow_run"} & set(triggers)


def test_pull_requests_are_all_checked() -> None:
    triggers = _triggers(_workflow("pull-request.yml"))
    assert set(triggers) == {"pull_request"}
    assert not (triggers["pull_request"] or {}).get("paths"), "every pull request is checked, whatever it touches"


def test_publishing_runs_on_main_for_what_the_site_is_built_from_and_by_hand() -> None:
    triggers = _triggers(_workflow("publish.yml"))
    assert set(triggers) == {"push", "workflow_dispatch", "workflow_call"}
    assert triggers["push"]["branches"] == ["main"]
    assert set(triggers["push"]["paths"]) == PUBLISH_PATHS
    assert triggers["workflow_call"]["inputs"]["dated-by-run-day"] == {
        "description": triggers["workflow_call"]["inputs"]["dated-by-run-day"]["description"],
        "type": "boolean",
        "default": False,
    }


def test_two_quick_merges_deploy_one_after_the_other() -> None:
    assert _workflow("publish.yml")["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_a_weekly_run_republishes_main_dated_by_the_day_it_runs() -> None:
    workflow = _workflow("republish.yml")
    triggers = _triggers(workflow)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    cron = triggers["schedule"][0]["cron"].split()
    assert cron[2:4] == ["*", "*"] and cron[4].isdigit(), "once a week"
    [job] = workflow["jobs"].values()
    assert job["uses"] == "./.github/workflows/publish.yml" and job["with"] == {"dated-by-run-day": True}
    # The called workflow queues in `pages`; a caller in that group too would deadlock.
    assert workflow["concurrency"]["group"] != _workflow("publish.yml")["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_the_republished_build_is_dated_midnight_utc_of_the_run_and_others_by_the_commit() -> None:
    [step] = [s for s in _steps(_workflow("publish.yml"), "build") if "SOURCE_DATE_EPOCH" in s.get("run", "")]
    assert step["if"] == "${{ inputs.dated-by-run-day }}"
    command = re.fullmatch(r'echo "SOURCE_DATE_EPOCH=\$\((.+)\)" >> "\$GITHUB_ENV"', step["run"].strip())
    assert command, step["run"]
    epoch = subprocess.run(["bash", "-c", command[1]], capture_output=True, text=True, check=True).stdout.strip()
    assert int(epoch) % 86400 == 0, "midnight UTC: a rerun the same day gives the same bytes"


def test_link_check_is_weekly_and_only_reports() -> None:
    workflow = _workflow("links.yml")
    triggers = _triggers(workflow)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    cron = triggers["schedule"][0]["cron"].split()
    assert cron[2:4] == ["*", "*"] and cron[4].isdigit(), "once a week"
    runs = " ".join(s.get("run", "") for s in _steps(workflow, "links"))
    assert "scripts.linkcheck" in runs and "$GITHUB_STEP_SUMMARY" in runs
    assert "gh issue" not in runs and "github-script" not in (GITHUB / "workflows" / "links.yml").read_text()


# --- What the jobs do ---


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_leaves_no_credentials_behind(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    checkouts = [s for job in workflow["jobs"].values() for s in job.get("steps", [])
                 if s.get("uses", "").startswith("actions/checkout@")]  # fmt: skip
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


@pytest.mark.parametrize("path", [p for p in WORKFLOWS if p.name != "republish.yml"], ids=lambda p: p.name)
def test_dependencies_come_from_the_hashed_lock(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    installs = [(line, s["run"]) for job in workflow["jobs"].values() for s in job.get("steps", [])
                for line in s.get("run", "").splitlines() if "pip install" in line]  # fmt: skip
    assert installs, "each job that runs our code installs from requirements.txt"
    for line, run in installs:
        target = re.search(r"-r\s+(\S+)", line)
        assert "--require-hashes" in line and target, line
        # The lock itself, or a part of it that the same step cut out of it.
        assert target[1] == "requirements.txt" or f"requirements.txt > {target[1]}" in run, line


def _links_install() -> str:
    return next(s["run"] for s in _steps(_workflow("links.yml"), "links") if "pip install" in s.get("run", ""))


# What scripts/linkcheck.py imports from outside the standard library, directly or through our
# own modules, by the name it is locked under.
LINKCHECK_NEEDS = {"pyyaml": "yaml", "markupsafe": "markupsafe"}


def test_the_link_check_installs_only_what_it_needs_with_every_hash_of_the_lock(tmp_path: Path) -> None:
    cut = next(line for line in _links_install().splitlines() if "requirements.txt >" in line)
    out = tmp_path / "linkcheck.txt"
    script = cut.replace('"$RUNNER_TEMP/linkcheck.txt"', str(out))
    subprocess.run(["bash", "-c", script], cwd=ROOT, check=True)
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert _pins(out.read_text()) == {name: _pins(lock)[name] for name in LINKCHECK_NEEDS}
    for name in LINKCHECK_NEEDS:
        entry = re.search(rf"^{name}==.*?(?=^\S)", lock, re.M | re.S)[0]
        assert set(re.findall(r"--hash=\S+", entry)) <= set(re.findall(r"--hash=\S+", out.read_text())), name


def test_the_link_checker_needs_nothing_else() -> None:
    """Follows the checker's imports through our own modules: a helper it borrows counts too."""
    outside: set[str] = set()
    todo, seen = ["scripts.linkcheck"], set()
    while todo:
        module = todo.pop()
        seen.add(module)
        tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
        imported = {n.name for node in ast.walk(tree) if isinstance(node, ast.Import) for n in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0}
        for name in imported:
            if name.startswith("scripts."):
                todo += [name] if name not in seen else []
            elif name.split(".")[0] not in sys.stdlib_module_names:
                outside.add(name.split(".")[0])
    assert outside == set(LINKCHECK_NEEDS.values()), "links.yml installs only LINKCHECK_NEEDS: add what else it needs"


def test_the_build_jobs_cache_pip_downloads_keyed_on_the_lock() -> None:
    for name, job in (("pull-request.yml", "check"), ("publish.yml", "build"), ("links.yml", "links")):
        [setup] = [s for s in _steps(_workflow(name), job) if s.get("uses", "").startswith("actions/setup-python@")]
        if name == "links.yml":  # one wheel; its cache would take the key the build jobs' cache needs
            assert "cache" not in setup["with"]
        else:
            assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.txt"


def test_python_is_3_11() -> None:
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["python-version"] == "3.11", path.name


def test_pull_requests_and_publishing_run_the_same_checks() -> None:
    pr, publish = _steps(_workflow("pull-request.yml"), "check"), _steps(_workflow("publish.yml"), "build")
    assert PULL_REQUEST_ONLY.issubset(s["name"] for s in pr) and PUBLISH_ONLY.issubset(s["name"] for s in publish)
    shared_pr = [s for s in pr[:-1] if s["name"] not in PULL_REQUEST_ONLY]
    shared_publish = [s for s in publish[:-1] if s["name"] not in PUBLISH_ONLY]
    assert _what_runs(shared_pr) == _what_runs(shared_publish)
    runs = [s.get("run", "") for s in pr]
    order = [
        next(i for i, r in enumerate(runs) if r.startswith(cmd)) for cmd in ("make validate", "make build", "make test")
    ]
    assert order == sorted(order)


def test_a_pull_request_leaves_a_preview_even_when_validation_fails() -> None:
    upload = _steps(_workflow("pull-request.yml"), "check")[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["path"].split() == ["site/", "validation-report.txt", "screenshots/", "audit/"]
    screenshots = next(
        s for s in _steps(_workflow("pull-request.yml"), "check") if "scripts.screenshots" in s.get("run", "")
    )
    assert "--out screenshots" in screenshots["run"]
    audit = next(s for s in _steps(_workflow("pull-request.yml"), "check") if "tests.siteaudit" in s.get("run", ""))
    assert "--out audit" in audit["run"] and audit["if"] == "${{ !cancelled() }}"  # its report: in the summary too


def test_reviewers_see_the_changed_figures_even_when_validation_fails() -> None:
    [step] = [s for s in _steps(_workflow("pull-request.yml"), "check") if "scripts.figure_changes" in s.get("run", "")]
    assert step["if"] == "${{ !cancelled() }}"
    assert '--base "origin/$GITHUB_BASE_REF"' in step["run"], "from the environment, never ${{ }} in the script"
    assert any("tee validation-report.txt" in s.get("run", "") for s in _steps(_workflow("pull-request.yml"), "check"))


def test_nothing_is_deployed_unless_every_check_passed() -> None:
    workflow = _workflow("publish.yml")
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert "if" not in build["steps"][-1], "the site is uploaded only after every earlier step succeeded"
    assert deploy["needs"] == "build" and "if" not in deploy
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    every_step = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert not [s for s in every_step if s.get("continue-on-error")]


def test_the_published_address_is_the_one_pages_reports_and_a_preview_has_none() -> None:
    build = _steps(_workflow("publish.yml"), "build")
    pages = next(s for s in build if s.get("uses", "").startswith("actions/configure-pages@"))
    make_build = next(s for s in build if s.get("run", "").startswith("make build"))
    assert pages["id"] == "pages" and build.index(pages) < build.index(make_build)
    assert make_build["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    pr_build = next(
        s for s in _steps(_workflow("pull-request.yml"), "check") if s.get("run", "").startswith("make build")
    )
    assert "env" not in pr_build, "no SITE_URL: the build uses a local preview address"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_runners_repository_variables_reach_the_build(path: Path) -> None:
    """GITHUB_SERVER_URL and GITHUB_REPOSITORY make the "report an error" links: nothing overrides them."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(GITHUB_SERVER_URL|GITHUB_REPOSITORY)\s*:", text, re.M)
    assert "env -i" not in text and "env -i" not in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_ci_guarantees_the_browser_the_tests_drive() -> None:
    from tests.conftest import CHROMIUM

    for name, job in (("pull-request.yml", "check"), ("publish.yml", "build")):
        [step] = [s for s in _steps(_workflow(name), job) if s["name"] == "Install Chromium for the browser tests"]
        assert f"starts {CHROMIUM} ||" in step["run"], "fails the step unless the tests' browser starts headless"
        assert f"ln -sf /usr/bin/google-chrome {CHROMIUM}" in step["run"]


# --- Dependabot and the lock ---


def test_dependabot_updates_python_packages_and_actions() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


def _pins(text: str) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


def test_the_lock_pins_what_requirements_in_asks_for() -> None:
    """Fails on a Dependabot pip pull request until the lock is re-pinned on its branch."""
    wanted = _pins((ROOT / "requirements.in").read_text(encoding="utf-8"))
    locked = _pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    assert {n: v for n, v in wanted.items() if locked.get(n) != v} == {}, "re-pin: make lock"


def _make_variable(name: str) -> str:
    return re.search(rf"^{name} := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)[1].strip()


def test_the_lock_header_is_the_command_that_re_pins_it() -> None:
    """The header uv writes is how a re-pin (make lock, by hand, a bot) knows the exact command.

    Checked for real once (see .github/dependabot.yml): bump a pin in requirements.in, run the
    header's command with the Makefile's uv, and only that package changes; the new lock installs
    with --require-hashes.
    """
    command = _make_variable("LOCK_COMMAND")
    header = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()[:2]
    assert header == ["# This file was autogenerated by uv via the following command:", f"#    {command}"]
    assert command.startswith("uv pip compile requirements.in ") and "--no-header" not in command
    assert "--generate-hashes" in command and command.endswith(" -o requirements.txt")
    assert re.fullmatch(r"\d+\.\d+\.\d+", _make_variable("UV_VERSION")), "pin uv: releases write locks differently"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet uv==$(UV_VERSION)" in makefile and ".lock-venv/bin/$(LOCK_COMMAND)" in makefile


# --- make test ---


def test_make_test_lints_and_type_checks_then_runs_the_suite_on_every_core() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    prerequisites = re.search(r"^test: (.*?) ##", makefile, re.M)[1].split()
    assert {"lint", "typecheck"} <= set(prerequisites), "ruff and mypy run before the suite, and stop it"
    assert "ruff check scripts tests" in makefile and "ruff format --check scripts tests" in makefile
    assert "-m pytest -n $(WORKERS) --dist loadfile" in makefile, "a module's tests stay on one worker"
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy["strict"] is True and mypy["files"] == ["scripts"]


# --- make validate, build and serve ---


@pytest.mark.parametrize(
    ("target", "command"),
    [
        ("validate", "-m scripts.build --check --data tests/fixtures/kestria"),
        ("build", "-m scripts.build --data tests/fixtures/kestria"),
        ("serve", "-m scripts.serve --data tests/fixtures/kestria --port 8000"),
    ],
)
def test_make_takes_another_data_folder(target: str, command: str) -> None:
    """`make <target> DATA=dir` validates, builds or previews that folder; without it, data/."""

    def dry_run(*variables: str) -> str:
        # -n prints the commands without running them; -o keeps the virtual environment as it is.
        args = ["make", "-n", "-o", ".venv/.installed", target, *variables]
        return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert command in dry_run("DATA=tests/fixtures/kestria")
    assert command.replace("tests/fixtures/kestria", "data") in dry_run()
