"""Maintain the Welsh catalogue.

    python tools/po.py update          extract strings, update both catalogues, keep six Welsh plural forms
    python tools/po.py missing         list Welsh entries that are empty, fuzzy or short of plural forms
    python tools/po.py apply FILE.json set Welsh translations: {"msgid": "msgstr"} or
                                       {"singular": ["zero", "one", "two", "few", "many", "other"]}
    python tools/po.py import OTHER.po take translations from another Welsh catalogue for
                                       entries still empty here (used when merging branches)

Each command takes a lock, so several people (or agents) can run it at once.
"""

import fcntl
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CY_PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_PLURALS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"
PYBABEL = str(Path(sys.executable).parent / "pybabel")


@contextmanager
def locked():
    with open(ROOT / "translations" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _read(path=CY_PO):
    with open(path, "rb") as handle:
        return read_po(handle, locale="cy")


def _write(catalog, path=CY_PO):
    catalog._set_mime_headers([("Plural-Forms", WELSH_PLURALS)])
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, sort_by_file=True)


def update():
    subprocess.run(["make", "-s", "update-translations"], cwd=ROOT, check=True)  # noqa: S607 - developer tool
    fix_header()


def fix_header():
    text = CY_PO.read_text(encoding="utf-8")
    lines = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line.startswith('"Plural-Forms:'):
            lines.append(f'"Plural-Forms: {WELSH_PLURALS}\\n"\n')
            skipping = not line.rstrip().endswith('\\n"')
            continue
        if skipping:
            skipping = not line.rstrip().endswith('\\n"')
            continue
        lines.append(line)
    CY_PO.write_text("".join(lines), encoding="utf-8")


def problems(catalog):
    bad = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            bad.append(message.id)
        elif isinstance(message.id, (tuple, list)):
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if len(strings) < 6 or not all(strings):
                bad.append(message.id)
        elif not message.string:
            bad.append(message.id)
    return bad


def apply(path):
    apply_mapping(json.loads(Path(path).read_text(encoding="utf-8")))


def import_from(path):
    other = _read(Path(path))
    known = {}
    for message in other:
        if message.id and message.string and not message.fuzzy:
            key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            known[key] = list(message.string) if isinstance(message.string, (tuple, list)) else message.string
    mapping_file = ROOT / "translations" / ".import.json"
    mapping_file.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
    catalog = _read()
    wanted = {(m.id[0] if isinstance(m.id, (tuple, list)) else m.id) for m in catalog if m.id} & set(known)
    apply_mapping({k: known[k] for k in wanted})
    mapping_file.unlink()


def apply_mapping(mapping):
    catalog = _read()
    done = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        if key in mapping:
            value = mapping[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
            done += 1
    _write(catalog)
    fix_header()
    print(f"{done} Welsh entries set; {len(problems(_read()))} still missing")


def main(argv):
    command = argv[1] if len(argv) > 1 else "missing"
    with locked():
        if command == "update":
            update()
        elif command == "apply":
            apply(argv[2])
        elif command == "import":
            import_from(argv[2])
        elif command == "fix-header":
            fix_header()
    if command in ("missing", "update"):
        for msgid in problems(_read()):
            print(json.dumps(msgid, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
