"""The Architecture parameter alone decides the layer's native code: `sam build` with
Architecture=arm64 and with Architecture=x86_64 (nothing else given, no cache), then the ELF
machine (e_machine) of every shared library in each layer: 0xB7 (aarch64) or 0x3E (x86-64).

A layer built for the wrong one installs and deploys fine, then every function fails at import on
AWS (pydantic-core's extension); MiniStack runs its own interpreter and would not notice.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cfn import ROOT

MACHINES = {"arm64": (0xB7, "aarch64"), "x86_64": (0x3E, "x86-64")}
# Packages of the layer that ship native code (a new one is reported, not silently accepted).
NATIVE = {"pydantic_core", "wrapt"}


def elf_machine(path: Path) -> int:
    """e_machine of an ELF file: the 16-bit field at offset 18, in the file's byte order."""
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF", f"{path} is not an ELF file"
    order = "<" if header[5] == 1 else ">"
    machine: int = struct.unpack_from(f"{order}H", header, 18)[0]
    return machine


def build_layer(architecture: str, build_dir: Path) -> Path:
    bin_dir = Path(sys.executable).parent
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - the sam of the running environment (PATH below)
            "sam",
            "build",
            "CoreLayer",
            "--parameter-overrides",
            f"Architecture={architecture}",
            "--build-dir",
            str(build_dir),
            "--no-cached",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "SAM_CLI_TELEMETRY": "0",
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return build_dir / "CoreLayer" / "python"


@pytest.mark.parametrize("architecture", sorted(MACHINES))
def test_layer_native_libraries_match_the_architecture(architecture: str, tmp_path: Path) -> None:
    layer = build_layer(architecture, tmp_path / "build")
    expected, name = MACHINES[architecture]
    libraries = sorted(layer.rglob("*.so"))
    report = [
        f"{library.relative_to(layer)}: e_machine=0x{elf_machine(library):X}"
        for library in libraries
    ]
    print(f"\nArchitecture={architecture} (expect 0x{expected:X} {name}):", *report, sep="\n  ")
    assert {library.relative_to(layer).parts[0] for library in libraries} == NATIVE
    wrong = [
        line for line, lib in zip(report, libraries, strict=True) if elf_machine(lib) != expected
    ]
    assert not wrong, wrong


def test_elf_machine_reads_the_header(tmp_path: Path) -> None:
    """The check can fail: a forged x86-64 header is not aarch64."""
    forged = tmp_path / "x.so"
    forged.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(11) + struct.pack("<H", 0x3E) + bytes(40))
    assert elf_machine(forged) == 0x3E != MACHINES["arm64"][0]
