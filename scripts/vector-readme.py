#!/usr/bin/env python3
"""Writes the provenance table of a test/vectors/<source>/ folder from the provenance.json
records of the collection its files were copied from, checking every file's SHA-256.
Usage: scripts/vector-readme.py <collection-provenance.json> <vectors-dir> <title> [note]
A file matches the record with the same SHA-256 whose path ends with the file's name."""
import hashlib, json, os, sys

records, folder, title = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
note = sys.argv[4] + '\n\n' if len(sys.argv) > 4 else ''
rows, missing = [], []
for directory, _, names in os.walk(folder):
    for name in names:
        path = os.path.join(directory, name)
        relative = os.path.relpath(path, folder)
        if relative == 'README.md':
            continue
        digest = hashlib.sha256(open(path, 'rb').read()).hexdigest()
        match = next((r for r in records if r['sha256'] == digest and r['file'].endswith(name)), None)
        if match is None:
            missing.append(relative)
            continue
        rows.append(f"| `{relative}` | {match['repo']} | `{match['path']}` | `{match['commit'][:12]}` | {match['licence']} | `{digest}` |")
if missing:
    sys.exit('no provenance record with the same SHA-256 for: ' + ', '.join(missing))
with open(os.path.join(folder, 'README.md'), 'w') as out:
    out.write(f"# {title}\n\nThird-party test material, copied byte for byte; never edit these files. "
              "Each row names the repository, path and commit the file was published at, its licence, "
              "and the SHA-256 the tests rely on.\n\n" + note +
              "| file | repository | path | commit | licence | SHA-256 |\n|---|---|---|---|---|---|\n")
    out.write('\n'.join(sorted(rows)) + '\n')
print(f'{len(rows)} files recorded in {folder}/README.md')
