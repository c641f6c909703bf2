#!/usr/bin/env python3
"""Puts the generated key list (schema_man's output) into sluice.ini.5.scd."""
import sys

template, keys, out = sys.argv[1:4]
with open(template, encoding="utf-8") as f:
    text = f.read()
if text.count("@SCHEMA_KEYS@") != 1:
    sys.exit(f"{template}: want exactly one @SCHEMA_KEYS@ line")
with open(keys, encoding="utf-8") as f:
    text = text.replace("@SCHEMA_KEYS@", f.read())
with open(out, "w", encoding="utf-8") as f:
    f.write(text)
