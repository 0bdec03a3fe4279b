#!/usr/bin/env python3
"""Writes the provenance table of a test/vectors/<source>/ folder from the provenance.json
records of the collection the files were copied from, and checks every file's SHA-256.
Usage: scripts/vector-readme.py <collection-provenance.json> <vectors-dir> <title> [source-prefix...]
Each file in <vectors-dir> is looked up by name (or by 'prefix/name' for the given prefixes)."""
import hashlib, json, os, sys

records, folder, title = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
prefixes = sys.argv[4:] or ['']
rows, missing = [], []
for name in sorted(os.listdir(folder)):
    if name == 'README.md':
        continue
    digest = hashlib.sha256(open(os.path.join(folder, name), 'rb').read()).hexdigest()
    match = next((r for r in records for p in prefixes
                  if r['file'] == (p + '/' + name if p else name) and r['sha256'] == digest), None)
    if match is None:
        missing.append(name)
        continue
    rows.append(f"| `{name}` | {match['repo']} | `{match['path']}` | `{match['commit'][:12]}` | {match['licence']} | `{digest}` |")
if missing:
    sys.exit('no provenance record with the same SHA-256 for: ' + ', '.join(missing))
with open(os.path.join(folder, 'README.md'), 'w') as out:
    out.write(f"# {title}\n\nThird-party test material, copied byte for byte; never edit these files. "
              "Each row names the repository, path and commit the file was published at, its licence, "
              "and the SHA-256 the tests rely on.\n\n"
              "| file | repository | path | commit | licence | SHA-256 |\n|---|---|---|---|---|---|\n")
    out.write('\n'.join(rows) + '\n')
print(f'{len(rows)} files recorded in {folder}/README.md')
