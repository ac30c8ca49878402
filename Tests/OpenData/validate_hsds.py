#!/usr/bin/env python3
"""Validate the helpline directory's Open Referral HSDS 3 JSON export.

Usage:
    python3 Tests/OpenData/validate_hsds.py EXPORT_DIR [--strict] [--allow-property NAME ...]
                                                       [--schemas auto|compiled|plain]
    python3 Tests/OpenData/validate_hsds.py --self-test

EXPORT_DIR must contain
    organizations.json  a JSON array of HSDS organization objects, each with its
                        `services` nested (validated against compiled/organization.json)
    services.json       a JSON array of HSDS service objects, each with its
                        `organization` nested (validated against compiled/service.json)

The schemas are the unchanged HSDS 3 JSON schemas in hsds3-schemas/ next to this
script (see hsds3-schemas/SOURCE.md).  All $refs are resolved from that folder;
nothing is ever fetched over the network.

Schema sets (--schemas):
    compiled  hsds3-schemas/compiled/{organization,service}.json: HSDS's own
              "full" schemas with every nested object inlined (no $refs).
    plain     hsds3-schemas/*.json joined by their relative $refs.  The plain
              organization.json has no `services` property, so for organizations the
              validator wraps it as {"$ref": "organization.json", "properties":
              {"services": {"type": "array", "items": {"$ref": "service.json"}}}}.
              For HSDS 3.0.0 this is exactly what compiled/organization.json contains
              (checked when the fixtures were imported), so the two sets are
              equivalent; `plain` exists so that the 5.8 MB compiled files could be
              dropped if that is ever wanted.
    auto      (default) compiled if present, else plain.

Format checking is on: "uuid", "email", "uri" and "date-time" (the only JSON
Schema formats HSDS 3.0 uses) are checked by small standard-library checkers
defined below, so results do not depend on optional jsonschema extras.

--strict adds checks that HSDS itself does not make by default (off by default,
because HSDS explicitly allows additional properties):
    * additionalProperties: false on every HSDS object (as upstream does when it
      tests its own examples), except property names given with --allow-property
      (use this for the project's documented extension fields);
    * fields whose HSDS description says "date" / "time" / "datetime"
      (`datapackage_type`) must look like YYYY-MM-DD / HH:MM[:SS][Z|+hh:mm] /
      RFC 3339 date-time.

Exit status: 0 valid, 1 validation errors (or unreadable JSON / not an array),
2 EXPORT_DIR/organizations.json or services.json missing or empty.
"""

from __future__ import annotations

import argparse
import copy
import datetime as _dt
import json
import re
import sys
import tempfile
import uuid as _uuid
from pathlib import Path

try:
    import jsonschema
    from jsonschema import Draft202012Validator, FormatChecker
except ImportError:  # pragma: no cover
    sys.exit("validate_hsds.py needs the `jsonschema` package (pip install jsonschema)")

try:
    from referencing import Registry
    from referencing.exceptions import NoSuchResource
    from referencing.jsonschema import DRAFT202012
except ImportError:  # pragma: no cover - jsonschema < 4.18
    Registry = None

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "hsds3-schemas"

# HSDS 3 schema files carry no "$schema"; the HSDS OpenAPI document declares
# "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema", so 2020-12
# is used.  (The schemas only use keywords that mean the same in drafts 4-2020-12.)
VALIDATOR_CLASS = Draft202012Validator

EXPORT_FILES = {
    # file name: (label, compiled schema, plain schema)
    "organizations.json": ("organizations", "compiled/organization.json", "organization.json"),
    "services.json": ("services", "compiled/service.json", "service.json"),
}


# --------------------------------------------------------------------------
# Format checkers (standard library only)

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_PCT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?([Zz]|[+-]\d{2}:\d{2})?$")


def _is_date(value: str) -> bool:
    if not _DATE_RE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def make_format_checker(strict: bool) -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("uuid")
    def _uuid_ok(value):
        if not isinstance(value, str):
            return True
        return bool(_UUID_RE.match(value))

    @checker.checks("email")
    def _email_ok(value):
        if not isinstance(value, str):
            return True
        return bool(_EMAIL_RE.match(value))

    @checker.checks("uri")
    def _uri_ok(value):
        # RFC 3986 absolute URI: scheme ":" then only URI characters (non-ASCII
        # must be percent-encoded; "format": "uri" is not "iri").
        if not isinstance(value, str):
            return True
        return bool(_URI_RE.match(value)) and not _PCT_RE.search(value)

    @checker.checks("date-time")
    def _datetime_ok(value):
        if not isinstance(value, str):
            return True
        m = _DATETIME_RE.match(value)
        if not m or not _is_date(m.group(1)):
            return False
        hh, mm, ss = int(m.group(2)), int(m.group(3)), int(m.group(4))
        return hh <= 23 and mm <= 59 and ss <= 60

    @checker.checks("date")
    def _date_ok(value):
        return not isinstance(value, str) or _is_date(value)

    if strict:
        @checker.checks("hsds-time")
        def _time_ok(value):
            return not isinstance(value, str) or bool(_TIME_RE.match(value))

    return checker


# --------------------------------------------------------------------------
# Schema loading

def load_json(path: Path):
    with path.open("r", encoding="utf-8") as fh:
        return json.load(fh)


def hsds_version() -> str:
    try:
        text = (SCHEMA_DIR / "SOURCE.md").read_text(encoding="utf-8")
    except OSError:
        return "3.x"
    m = re.search(r"HSDS version:\**\s*`?([0-9]+\.[0-9]+(?:\.[0-9]+)?)", text)
    return m.group(1) if m else "3.x"


_DATAPACKAGE_FORMATS = {"date": "date", "time": "hsds-time", "datetime": "date-time"}


def tighten(schema, allowed: frozenset):
    """--strict: in place, close every HSDS object schema and turn the
    datapackage_type annotations into format checks."""
    if isinstance(schema, list):
        for s in schema:
            tighten(s, allowed)
        return
    if not isinstance(schema, dict):
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        if "additionalProperties" not in schema:
            if allowed:
                schema["patternProperties"] = {
                    "^(" + "|".join(re.escape(a) for a in sorted(allowed)) + ")$": {}}
            schema["additionalProperties"] = False
        for sub in props.values():
            if isinstance(sub, dict):
                dp = sub.get("datapackage_type")
                if dp in _DATAPACKAGE_FORMATS and "format" not in sub:
                    sub["format"] = _DATAPACKAGE_FORMATS[dp]
            tighten(sub, allowed)
    for key in ("items", "definitions", "$defs", "allOf", "anyOf", "oneOf", "not"):
        if key in schema:
            sub = schema[key]
            tighten(list(sub.values()) if key in ("definitions", "$defs") else sub, allowed)


class SchemaSet:
    """Builds one validator per export file from the local HSDS schemas."""

    def __init__(self, mode: str = "auto", strict: bool = False, allowed=()):
        compiled_present = all((SCHEMA_DIR / c).is_file() for _, c, _ in EXPORT_FILES.values())
        if mode == "auto":
            mode = "compiled" if compiled_present else "plain"
        if mode == "compiled" and not compiled_present:
            raise FileNotFoundError(f"compiled schemas missing under {SCHEMA_DIR}/compiled")
        if mode == "plain" and Registry is None:
            raise RuntimeError("plain mode needs jsonschema >= 4.18 (the `referencing` package)")
        self.mode = mode
        self.strict = strict
        self.allowed = frozenset(allowed)
        self.format_checker = make_format_checker(strict)
        self.base_uri = SCHEMA_DIR.as_uri() + "/"
        self.registry = self._build_registry() if Registry is not None else None
        self.validators = {name: self._validator(name) for name in EXPORT_FILES}

    # All $refs resolve inside SCHEMA_DIR; anything else is refused (no network).
    def _retrieve(self, uri: str):
        if not uri.startswith(self.base_uri):
            raise NoSuchResource(ref=uri)
        path = SCHEMA_DIR / uri[len(self.base_uri):]
        try:
            path.resolve().relative_to(SCHEMA_DIR)
        except ValueError:
            raise NoSuchResource(ref=uri)
        if not path.is_file():
            raise NoSuchResource(ref=uri)
        contents = load_json(path)
        VALIDATOR_CLASS.check_schema(contents)
        if self.strict:
            tighten(contents, self.allowed)
        return DRAFT202012.create_resource(contents)

    def _build_registry(self):
        registry = Registry(retrieve=self._retrieve)
        if self.mode == "plain":
            # Pre-load every plain schema so no lazy lookup is ever needed.
            for path in sorted(SCHEMA_DIR.glob("*.json")):
                if path.name == "openapi.json":
                    continue
                registry = registry.with_resource(self.base_uri + path.name,
                                                  self._retrieve(self.base_uri + path.name))
        return registry.crawl()

    def _validator(self, export_name: str):
        _, compiled_rel, plain_rel = EXPORT_FILES[export_name]
        if self.mode == "compiled":
            schema = load_json(SCHEMA_DIR / compiled_rel)
            if self.strict:
                tighten(schema, self.allowed)
            schema_id = self.base_uri + compiled_rel
        else:
            if export_name == "organizations.json":
                schema = {
                    "type": "object",
                    "$ref": plain_rel,
                    "properties": {"services": {"type": "array", "items": {"$ref": "service.json"}}},
                }
                # (In strict mode organization.json is closed, so `services` would be
                # rejected through the $ref; validate_items then checks the
                # organization and its services separately - see
                # _strict_plain_org_errors.)
            else:
                schema = {"$ref": plain_rel}
            schema_id = self.base_uri + "_validate_hsds_" + plain_rel
        schema = dict(schema)
        schema.setdefault("$id", schema_id)
        if self.mode == "plain":
            # Meta-schema check (as upstream CI does for schema/*.json).  Skipped for
            # the compiled files: they are the same schemas inlined, and checking
            # 5.8 MB of schema takes ~10 s.
            VALIDATOR_CLASS.check_schema(schema)
        kwargs = {"format_checker": self.format_checker}
        if self.registry is not None:
            kwargs["registry"] = self.registry
        return VALIDATOR_CLASS(schema, **kwargs)

    def raw_errors(self, export_name: str, instance):
        v = self.validators[export_name]
        return sorted(v.iter_errors(instance), key=lambda e: (list(map(str, e.absolute_path)), e.message))

    def errors(self, export_name: str, instance):
        if self.strict and self.mode == "plain" and export_name == "organizations.json":
            return _strict_plain_org_errors(self, instance)
        return self.raw_errors(export_name, instance)


# Strict + plain mode for organizations: the plain organization.json has no
# `services` property, so once it is closed it would reject `services`.  Check the
# organization without `services` against organization.json and each nested
# service against service.json instead.
def _strict_plain_org_errors(schemas: SchemaSet, org):
    errs = []
    if not isinstance(org, dict):
        return schemas.raw_errors("organizations.json", org)
    base = {k: v for k, v in org.items() if k != "services"}
    errs.extend(schemas.raw_errors("organizations.json", base))
    services = org.get("services")
    if services is not None:
        if not isinstance(services, list):
            errs.extend(e for e in schemas.raw_errors("organizations.json", dict(base, services=services))
                        if e.validator != "additionalProperties")
        else:
            for i, svc in enumerate(services):
                for e in schemas.raw_errors("services.json", svc):
                    e.path.appendleft(i)
                    e.path.appendleft("services")
                    errs.append(e)
    return errs


# --------------------------------------------------------------------------
# Error reporting

def _json_path(path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _innermost_id(instance, path):
    """The id of the deepest object on the error path that has one."""
    found = None
    node = instance
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = node["id"]
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _short(msg: str, limit: int = 240) -> str:
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 3] + "..."


def validate_items(schemas: SchemaSet, export_name: str, items, label_for_file: str):
    """Yield one printable line per error."""
    for index, item in enumerate(items):
        errs = schemas.errors(export_name, item)
        top_id = item.get("id") if isinstance(item, dict) else None
        for e in errs:
            path = list(e.absolute_path)
            inner = _innermost_id(item, path)
            where = f"id={top_id}" if top_id is not None else "id=<none>"
            if inner is not None and inner != top_id:
                where += f" (nested id={inner})"
            yield (f"{label_for_file}[{index}] {where} {_json_path(path)}: "
                   f"{_short(e.message)} [{e.validator}]")


def validate_export(export_dir: Path, schemas: SchemaSet, out=sys.stdout, err=sys.stderr) -> int:
    loaded = {}
    for name in EXPORT_FILES:
        path = export_dir / name
        if not path.is_file():
            print(f"{path}: missing", file=err)
            return 2
        raw = path.read_text(encoding="utf-8")
        if not raw.strip():
            print(f"{path}: empty file", file=err)
            return 2
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            print(f"{name}: not valid JSON: {exc}", file=out)
            return 1
        if not isinstance(data, list):
            print(f"{name}: top level must be a JSON array, found {type(data).__name__}", file=out)
            return 1
        if not data:
            print(f"{path}: empty array", file=err)
            return 2
        loaded[name] = data

    n_errors = 0
    for name, items in loaded.items():
        for line in validate_items(schemas, name, items, name):
            print(line, file=out)
            n_errors += 1
        # HSDS: "Each organization/service must have a unique identifier."
        seen = {}
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str):
                if ident in seen:
                    print(f"{name}[{index}] id={ident} $.id: duplicate id (also at index {seen[ident]}) [unique]",
                          file=out)
                    n_errors += 1
                else:
                    seen[ident] = index

    # Cross-file consistency (warnings; errors with --strict).
    nested = {s.get("id") for o in loaded["organizations.json"] if isinstance(o, dict)
              for s in (o.get("services") or []) if isinstance(s, dict)}
    flat = {s.get("id") for s in loaded["services.json"] if isinstance(s, dict)}
    for ident in sorted(x for x in flat - nested if isinstance(x, str)):
        print(f"{'error' if schemas.strict else 'warning'}: services.json id={ident} is not nested in any "
              f"organization in organizations.json", file=out)
        n_errors += schemas.strict
    for ident in sorted(x for x in nested - flat if isinstance(x, str)):
        print(f"{'error' if schemas.strict else 'warning'}: organizations.json nests service id={ident} "
              f"that is missing from services.json", file=out)
        n_errors += schemas.strict

    if n_errors:
        print(f"HSDS {hsds_version()}: {n_errors} error(s)", file=out)
        return 1
    print(f"HSDS {hsds_version()}: {len(loaded['organizations.json'])} organizations, "
          f"{len(loaded['services.json'])} services valid "
          f"(schemas: {schemas.mode}{', strict' if schemas.strict else ''})", file=out)
    return 0


# --------------------------------------------------------------------------
# Self-test

def _sample_export():
    org_id = "0b6c6d7e-3f1a-4c47-9d3e-6a1b2c3d4e5f"
    svc_id = "5f0e8a8b-7c2d-4e1f-8a9b-1c2d3e4f5a6b"
    org = {
        "id": org_id,
        "name": "Exempelföreningen",
        "description": "Ideell förening som driver en stödlinje.",
        "website": "https://example.org/",
        "email": "info@example.org",
    }
    service = {
        "id": svc_id,
        "organization_id": org_id,
        "name": "Stödlinjen",
        "description": "Anonymt stöd per telefon och chatt.",
        "url": "https://example.org/stodlinjen",
        "status": "active",
        "last_modified": "2026-11-30T12:00:00.000Z",
        "phones": [{
            "id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
            "service_id": svc_id,
            "number": "+46 20 22 00 60",
            "type": "voice",
            "description": "Stödlinjen",
            "languages": [{"id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
                           "phone_id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
                           "name": "svenska", "code": "sv"}],
        }],
        "schedules": [{
            "id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
            "service_id": svc_id,
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "10:00",
            "closes_at": "22:00",
            "valid_from": "2026-11-30",
            "description": "Måndag–fredag 10–22",
        }],
        "languages": [{"id": "3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a", "service_id": svc_id,
                       "name": "svenska", "code": "sv"}],
        "contacts": [{"id": "4e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b", "service_id": svc_id,
                      "name": "Chatt", "email": "chatt@example.org"}],
    }
    org_full = dict(org, services=[copy.deepcopy(service)])
    service_full = dict(copy.deepcopy(service), organization=copy.deepcopy(org))
    return org_full, service_full


def self_test() -> int:
    failures = []
    checks = 0

    def check(cond, what):
        nonlocal checks
        checks += 1
        print(("ok    " if cond else "FAIL  ") + what)
        if not cond:
            failures.append(what)

    modes = ["plain"]
    if all((SCHEMA_DIR / c).is_file() for _, c, _ in EXPORT_FILES.values()):
        modes.insert(0, "compiled")

    org_full, service_full = _sample_export()

    # (document, file kind, mutate, expected validator keyword, expected path prefix)
    bad_cases = [
        ("phone without its required `number`", "organizations.json",
         lambda o: o["services"][0]["phones"][0].pop("number"), "required", ["services", 0, "phones", 0]),
        ("phone without `number` (services.json)", "services.json",
         lambda s: s["phones"][0].pop("number"), "required", ["phones", 0]),
        ("service id that is not a UUID (format check is live)", "services.json",
         lambda s: s.__setitem__("id", "stodlinjen-1"), "format", ["id"]),
        ("schedule freq DAILY (enum is WEEKLY, MONTHLY)", "organizations.json",
         lambda o: o["services"][0]["schedules"][0].__setitem__("freq", "DAILY"), "enum",
         ["services", 0, "schedules", 0, "freq"]),
        ("service status not in enum", "services.json",
         lambda s: s.__setitem__("status", "open"), "enum", ["status"]),
        ("organization without description", "organizations.json",
         lambda o: o.pop("description"), "required", []),
        ("nested organization without name", "services.json",
         lambda s: s["organization"].pop("name"), "required", ["organization"]),
        ("phone extension as string (must be number)", "services.json",
         lambda s: s["phones"][0].__setitem__("extension", "12"), "type", ["phones", 0, "extension"]),
        ("website that is not a URI", "organizations.json",
         lambda o: o.__setitem__("website", "www.example.org"), "format", ["website"]),
    ]

    for mode in modes:
        schemas = SchemaSet(mode)
        print(f"-- schemas: {mode}")
        errs = schemas.errors("organizations.json", org_full)
        check(not errs, f"[{mode}] valid organization with nested service passes"
                        + (f" (got: {[e.message for e in errs]})" if errs else ""))
        errs = schemas.errors("services.json", service_full)
        check(not errs, f"[{mode}] valid service with nested organization passes"
                        + (f" (got: {[e.message for e in errs]})" if errs else ""))
        for what, kind, mutate, keyword, prefix in bad_cases:
            doc = copy.deepcopy(org_full if kind == "organizations.json" else service_full)
            mutate(doc)
            errs = schemas.errors(kind, doc)
            hit = [e for e in errs if e.validator == keyword and list(e.absolute_path)[:len(prefix)] == prefix]
            check(bool(hit), f"[{mode}] invalid: {what} -> rejected at {_json_path(prefix)} ({keyword})")

        # Upstream HSDS examples (copied unchanged from the specification) must pass.
        ex = SCHEMA_DIR / "examples"
        if (ex / "organization_full.json").is_file():
            errs = schemas.errors("organizations.json", load_json(ex / "organization_full.json"))
            check(not errs, f"[{mode}] upstream examples/organization_full.json passes"
                            + (f" ({len(errs)} errors, first: {errs[0].message})" if errs else ""))
        if (ex / "service_full.json").is_file():
            errs = schemas.errors("services.json", load_json(ex / "service_full.json"))
            check(not errs, f"[{mode}] upstream examples/service_full.json passes"
                            + (f" ({len(errs)} errors, first: {errs[0].message})" if errs else ""))

        # Strict mode: unknown property rejected unless allowed; time strings checked.
        strict = SchemaSet(mode, strict=True, allowed={"x_tmv_channel_hours"})
        check(not strict.errors("organizations.json", org_full), f"[{mode}] strict: valid organization passes")
        check(not strict.errors("services.json", service_full), f"[{mode}] strict: valid service passes")
        doc = copy.deepcopy(service_full)
        doc["phones"][0]["x_tmv_channel_hours"] = {"holidays": "closed"}
        check(not strict.errors("services.json", doc), f"[{mode}] strict: allowed extension property passes")
        doc["schedules"][0]["open_at"] = "10:00"   # typo of opens_at
        errs = strict.errors("services.json", doc)
        check(any(e.validator == "additionalProperties" for e in errs),
              f"[{mode}] strict: misspelt property `open_at` rejected")
        check(not schemas.errors("services.json", doc),
              f"[{mode}] non-strict: unknown properties allowed (as HSDS specifies)")
        doc = copy.deepcopy(org_full)
        doc["services"][0]["schedules"][0]["closes_at"] = "22.00"
        errs = strict.errors("organizations.json", doc)
        check(any(e.validator == "format" for e in errs), f"[{mode}] strict: closes_at '22.00' rejected")

    # End-to-end through files and exit codes.
    schemas = SchemaSet("auto")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        sink = open(Path(tmp) / "out.txt", "w", encoding="utf-8")

        def write(orgs, svcs):
            (d / "organizations.json").write_text(json.dumps(orgs, ensure_ascii=False), encoding="utf-8")
            (d / "services.json").write_text(json.dumps(svcs, ensure_ascii=False), encoding="utf-8")

        write([org_full], [service_full])
        check(validate_export(d, schemas, sink, sink) == 0, "files: valid export -> exit 0")
        bad = copy.deepcopy(service_full)
        del bad["phones"][0]["number"]
        write([org_full], [bad])
        check(validate_export(d, schemas, sink, sink) == 1, "files: phone without number -> exit 1")
        write([org_full], [service_full, service_full])
        check(validate_export(d, schemas, sink, sink) == 1, "files: duplicate service id -> exit 1")
        (d / "services.json").write_text("", encoding="utf-8")
        check(validate_export(d, schemas, sink, sink) == 2, "files: empty services.json -> exit 2")
        (d / "services.json").write_text("[]", encoding="utf-8")
        check(validate_export(d, schemas, sink, sink) == 2, "files: services.json = [] -> exit 2")
        (d / "services.json").unlink()
        check(validate_export(d, schemas, sink, sink) == 2, "files: missing services.json -> exit 2")
        sink.close()

    print(f"self-test: {checks - len(failures)}/{checks} checks passed"
          + (f"; FAILED: {failures}" if failures else ""))
    return 1 if failures else 0


# --------------------------------------------------------------------------

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Validate an HSDS 3 export against the local HSDS JSON schemas.")
    p.add_argument("export_dir", nargs="?", type=Path, help="directory with organizations.json and services.json")
    p.add_argument("--self-test", action="store_true", help="check that the validator accepts good and rejects bad data")
    p.add_argument("--schemas", choices=("auto", "compiled", "plain"), default="auto")
    p.add_argument("--strict", action="store_true",
                   help="reject properties HSDS does not define and check date/time strings")
    p.add_argument("--allow-property", action="append", default=[], metavar="NAME",
                   help="with --strict: an extension property name allowed on any object (repeatable)")
    args = p.parse_args(argv)

    if args.self_test:
        return self_test()
    if args.export_dir is None:
        p.print_usage(sys.stderr)
        return 2
    if not args.export_dir.is_dir():
        print(f"{args.export_dir}: not a directory", file=sys.stderr)
        return 2
    schemas = SchemaSet(args.schemas, strict=args.strict, allowed=args.allow_property)
    return validate_export(args.export_dir, schemas)


if __name__ == "__main__":
    sys.exit(main())
