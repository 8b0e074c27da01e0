"""Print the pip platform of the layer's wheels: the `Architecture` parameter of the `sam build`
that runs layers/core/Makefile, never a variable someone has to remember.

SAM CLI gives a makefile build only ARTIFACTS_DIR (aws_lambda_builders' custom_make action), not
the architecture, so this reads what that `sam build` reads, in its order:
1. `--parameter-overrides ... Architecture=X` on the `sam` command line (the `sam` process is an
   ancestor of this one: /proc on Linux, where Lambda artifacts are built);
2. `parameter_overrides` of samconfig.toml's `[<config-env>.build.parameters]` (or `.global.`);
3. the parameter's Default in the template that `sam build` reads.
Standard library only: it runs under whatever python3 SAM's make finds.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tomllib
from pathlib import Path

PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
PARAMETER = "Architecture"


def _sam_command() -> tuple[list[str], Path] | None:
    """argv and working directory of the nearest ancestor process that is `sam build`."""
    pid = os.getppid()
    while pid > 1:
        proc = Path("/proc") / str(pid)
        try:
            argv = (proc / "cmdline").read_bytes().decode().split("\0")[:-1]
            stat = (proc / "stat").read_text()
        except OSError:
            return None
        names = [Path(word).name for word in argv[:3]]
        if "sam" in names and "build" in argv:
            return argv, Path(os.readlink(proc / "cwd"))
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return None


def _override(words: list[str]) -> str | None:
    """Architecture in `Key=Value` or `ParameterKey=Key,ParameterValue=Value` words."""
    for word in words:
        for pair in shlex.split(word):
            named = re.fullmatch(r"ParameterKey=([^,]+),ParameterValue=(.*)", pair)
            key, _, value = (named.group(1), "=", named.group(2)) if named else pair.partition("=")
            if key == PARAMETER and value:
                return value
    return None


def _option(argv: list[str], *names: str) -> list[str]:
    """Every value given to an option (`--opt v1 v2`, `--opt=v`), up to the next option."""
    values: list[str] = []
    taking = False
    for word in argv:
        if word.startswith("-"):
            flag, _, inline = word.partition("=")
            taking = flag in names
            if taking and inline:
                values.append(inline)
                taking = False
        elif taking:
            values.append(word)
    return values


def _template_default(template: Path) -> str:
    match = re.search(
        rf"^  {PARAMETER}:\n(?:    .*\n)*?    Default: ['\"]?([\w-]+)", template.read_text(), re.M
    )
    if not match:
        raise SystemExit(f"{template}: no Default for the {PARAMETER} parameter")
    return match.group(1)


def architecture() -> str:
    here = Path(__file__).resolve().parent
    found = _sam_command()
    if found is None:  # make run by hand in layers/core: the repository's template
        return _template_default(here.parent.parent / "template.yaml")
    argv, cwd = found
    given = _override(_option(argv, "--parameter-overrides"))
    if given:
        return given
    config_file = cwd / (_option(argv, "--config-file") or ["samconfig.toml"])[-1]
    if config_file.is_file():
        config = tomllib.loads(config_file.read_text())
        env = (_option(argv, "--config-env") or ["default"])[-1]
        for section in ("build", "global"):
            words = config.get(env, {}).get(section, {}).get("parameters", {})
            given = _override([str(words.get("parameter_overrides", ""))])
            if given:
                return given
    template = (_option(argv, "--template", "--template-file", "-t") or ["template.yaml"])[-1]
    return _template_default(cwd / template)


def main() -> None:
    value = architecture()
    if value not in PLATFORMS:
        raise SystemExit(f"Architecture={value!r}: expected one of {sorted(PLATFORMS)}")
    print(f"layer build: Architecture={value} -> {PLATFORMS[value]}", file=sys.stderr)
    print(PLATFORMS[value])


if __name__ == "__main__":
    main()
