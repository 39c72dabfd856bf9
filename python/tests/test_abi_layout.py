"""The ctypes mirror in _lib.py checked against CSim/include/csim.h itself.

The structs and their fields are read from the header (every `typedef struct ... { } Name;`
block), so a field added to csim.h without updating _lib.py fails here; their offsets and sizes
come from a tiny C program compiled with the system's C compiler, so a changed type or
padding fails too. Constants: every one _lib.py defines must have the header's value, and
every CSimStatus code must be mirrored (errors.py turns each into an exception).
"""
import ctypes
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pavlov_envs import _lib

# The repository's header, or the copy an unpacked sdist carries.
HEADER = next((path for path in (Path(__file__).resolve().parents[2] / "CSim" / "include" / "csim.h",
                                 Path(__file__).resolve().parents[1] / "_csim_src" / "include" / "csim.h")
               if path.is_file()), Path(__file__).resolve().parents[2] / "CSim" / "include" / "csim.h")
PREFIX = "CSIM_"


def header_text():
    assert HEADER.is_file(), f"csim.h not found at {HEADER}; run the tests from a checkout of the repository"
    text = HEADER.read_text()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse_structs(text):
    """{name: [(field, type text, array length expression or None)]} for each typedef'd struct."""
    structs = {}
    for match in re.finditer(r"typedef\s+struct\s+\w*\s*\{(.*?)\}\s*(\w+)\s*;", text, flags=re.S):
        body, name = match.group(1), match.group(2)
        fields = []
        for declaration in body.split(";"):
            declaration = " ".join(declaration.split())
            if not declaration:
                continue
            first = re.match(r"((?:const\s+)?(?:struct\s+)?\w+[\s*]*?)\s*(\**\s*\w+(?:\s*\[[^\]]+\])?)\s*(,.*)?$",
                             declaration)
            assert first, f"csim.h: cannot read the declaration `{declaration}` in {name}"
            base = first.group(1).strip()
            declarators = [first.group(2)] + [d for d in (first.group(3) or "").split(",") if d.strip()]
            for declarator in declarators:
                parts = re.match(r"\s*(\**)\s*(\w+)\s*(?:\[([^\]]+)\])?\s*$", declarator)
                assert parts, f"csim.h: cannot read `{declarator}` in {name}"
                fields.append((parts.group(2), base + parts.group(1), parts.group(3)))
        structs[name] = fields
    assert structs, "no typedef'd structs found in csim.h"
    return structs


def parse_constants(text):
    """Names of the numeric #defines and enum members, and the members of each typedef'd enum."""
    names = re.findall(r"#define\s+(CSIM_\w+)\s+[-(0-9]", text)
    enums = {}
    for match in re.finditer(r"(typedef\s+)?enum\s*(\w*)\s*\{(.*?)\}\s*(\w*)\s*;", text, flags=re.S):
        members = [m.split("=")[0].strip() for m in match.group(3).split(",") if m.strip()]
        names += members
        if match.group(1):
            enums[match.group(4)] = members
    return names, enums


def measure(structs, constants, tmp_path):
    """Runs a C program that prints the layout of each struct and the value of each constant."""
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not compiler:
        pytest.skip("no C compiler (cc, gcc, clang or $CC) to measure csim.h's layout with")
    lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "csim.h"', "int main(void) {"]
    for name, fields in structs.items():
        lines.append(f'  printf("struct {name} %zu\\n", sizeof({name}));')
        for field, _, _ in fields:
            lines.append(f'  printf("field {name} {field} %zu %zu\\n", offsetof({name}, {field}), '
                         f"sizeof((({name}*)0)->{field}));")
    for constant in constants:
        lines.append(f'  printf("constant {constant} %lld\\n", (long long)({constant}));')
    lines += ["  return 0;", "}"]
    source = tmp_path / "layout.c"
    source.write_text("\n".join(lines) + "\n")
    program = tmp_path / "layout"
    built = subprocess.run([compiler, "-std=c99", "-I", str(HEADER.parent), str(source), "-o", str(program)],
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, f"compiling the layout probe failed:\n{built.stderr}"
    out = subprocess.run([str(program)], capture_output=True, text=True, timeout=30, check=True).stdout
    sizes, offsets, values = {}, {}, {}
    for line in out.splitlines():
        kind, *rest = line.split()
        if kind == "struct":
            sizes[rest[0]] = int(rest[1])
        elif kind == "field":
            offsets[(rest[0], rest[1])] = (int(rest[2]), int(rest[3]))
        else:
            values[rest[0]] = int(rest[1])
    return sizes, offsets, values


def mirror_of(c_name):
    """_lib's ctypes class for a header struct: its name without the CSim prefix."""
    return getattr(_lib, c_name[len("CSim"):] if c_name.startswith("CSim") else c_name, None)


def kind_of_c(type_text, structs):
    """What a field holds, from its declared type: pointer, float, char, struct:<name> or int."""
    if "*" in type_text:
        return "pointer"
    base = type_text.replace("const ", "").replace("struct ", "").strip()
    if base in ("float", "double"):
        return "float"
    if base == "char":
        return "char"
    if base in structs:
        return f"struct:{base}"
    return "int"


def kind_of_ctypes(ctype):
    if issubclass(ctype, ctypes.Array):
        ctype = ctype._type_
    if ctype in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p) or issubclass(ctype, ctypes._Pointer):
        return "pointer"
    if ctype in (ctypes.c_float, ctypes.c_double):
        return "float"
    if ctype is ctypes.c_char:
        return "char"
    if issubclass(ctype, ctypes.Structure):
        return f"struct:CSim{ctype.__name__}"
    return "int"


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    text = header_text()
    structs = parse_structs(text)
    constants, enums = parse_constants(text)
    sizes, offsets, values = measure(structs, constants, tmp_path_factory.mktemp("abi"))
    return structs, enums, sizes, offsets, values


def test_every_header_struct_has_a_ctypes_mirror_with_its_fields_in_order(layout):
    structs = layout[0]
    for name, fields in structs.items():
        mirror = mirror_of(name)
        assert mirror is not None, f"csim.h declares {name}; _lib.py has no ctypes mirror {name[len('CSim'):]}"
        header_fields = [field for field, _, _ in fields]
        mirror_fields = [field for field, *_ in mirror._fields_]
        assert mirror_fields == header_fields, f"{name}: _lib.py's fields differ from csim.h's"


def test_ctypes_layout_matches_the_compiled_header(layout):
    structs, _, sizes, offsets, _ = layout
    for name, fields in structs.items():
        mirror = mirror_of(name)
        assert ctypes.sizeof(mirror) == sizes[name], f"sizeof({name}): C {sizes[name]}, ctypes {ctypes.sizeof(mirror)}"
        for (field, type_text, _), (field_name, ctype, *_) in zip(fields, mirror._fields_):
            offset, size = offsets[(name, field)]
            descriptor = getattr(mirror, field_name)
            assert (descriptor.offset, descriptor.size) == (offset, size), (
                f"{name}.{field}: C offset {offset} size {size}, ctypes offset {descriptor.offset} "
                f"size {descriptor.size}")
            assert kind_of_ctypes(ctype) == kind_of_c(type_text, structs), (
                f"{name}.{field} is `{type_text}` in csim.h but {ctype.__name__} in _lib.py")


def test_constants_match_the_header(layout):
    _, enums, _, _, values = layout
    mirrored = {name: value for name, value in vars(_lib).items()
                if name.isupper() and isinstance(value, int) and not name.startswith("_")}
    assert mirrored, "no constants found in _lib.py"
    for name, value in mirrored.items():
        assert PREFIX + name in values, f"_lib.{name} has no {PREFIX}{name} in csim.h"
        assert value == values[PREFIX + name], f"_lib.{name} is {value}, csim.h's {PREFIX}{name} is {values[PREFIX + name]}"
    for member in enums["CSimStatus"]:
        assert member[len(PREFIX):] in mirrored, f"csim.h's status {member} is not mirrored in _lib.py"
