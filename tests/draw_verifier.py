"""An independent draw-v1, draw-v2 and draw-v3 verifier, written from docs/spec/draw-v1.md, draw-v2.md and
draw-v3.md alone. It imports nothing of the engine: only the standard library (and, where OpenSSL has no SM3, the gmssl
package's SM3), so it shows that the specs are enough to re-check a draw. The draw-v2 public input is checked
without regular expressions, character by character, as draw-v2 §3 defines it."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable
from typing import Any


def sha256(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def sm3(b: bytes) -> bytes:
    """SM3 (GB/T 32905-2016): OpenSSL's, else gmssl's one-shot function."""
    try:
        return hashlib.new("sm3", b).digest()
    except ValueError:
        from gmssl import sm3 as gm

        return bytes.fromhex(gm.sm3_hash(list(b)))


# §12: the manifest's "algorithm" names the hash H of every step.
HASHES: dict[str, Callable[[bytes], bytes]] = {"draw-v1": sha256, "draw-v1-sm3": sm3, "draw-v2": sha256,
                                               "draw-v2-sm3": sm3, "draw-v3": sha256, "draw-v3-sm3": sm3}

# draw-v2 §3: the public input ------------------------------------------------------------------------------

ASCII_DIGITS = "0123456789"


def _digits(t: str) -> bool:
    return len(t) > 0 and all(c in ASCII_DIGITS for c in t)


def _natural(t: str) -> bool:
    return _digits(t) and (t == "0" or t[0] != "0")


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _real_date(t: str) -> bool:
    if len(t) != 10 or t[4] != "-" or t[7] != "-" or not _digits(t[:4] + t[5:7] + t[8:]):
        return False
    y, m, d = int(t[:4]), int(t[5:7]), int(t[8:])
    return y >= 1 and 1 <= m <= 12 and 1 <= d <= _days_in(y, m)


def field_accepts(f: dict[str, Any], t: str) -> bool:
    """§3.2: is ``t`` the one spelling of a value of field ``f``?"""
    kind = f["type"]
    if kind == "digits":
        return len(t) == f["length"] and all(c in f["alphabet"] for c in t)
    if kind == "integer":
        return _natural(t) and f["min"] <= int(t) <= f["max"]
    if kind == "decimal":
        if t.count(".") != 1:
            return False
        whole, frac = t.split(".")
        return _natural(whole) and len(frac) == f["places"] and _digits(frac)
    assert kind == "date"
    return _real_date(t)


def accepts(public_input: dict[str, Any], text: str) -> bool:
    """§3.3: a text is accepted iff it is ASCII, splits on single spaces into one part per field, and each part
    is its field's one spelling."""
    if not all(ord(c) < 128 for c in text):
        return False
    parts = text.split(" ")
    fields = public_input["fields"]
    return len(parts) == len(fields) and all(field_accepts(f, p) for f, p in zip(fields, parts, strict=True))


def produced_at_ok(t: str) -> bool:
    """§3.1: exactly YYYY-MM-DDTHH:MM:SS+HH:MM (or -HH:MM), a real date and time, never -00:00."""
    if len(t) != 25 or not all(ord(c) < 128 for c in t):
        return False
    if t[10] != "T" or t[13] != ":" or t[16] != ":" or t[19] not in "+-" or t[22] != ":":
        return False
    if not _real_date(t[:10]) or not _digits(t[11:13] + t[14:16] + t[17:19] + t[20:22] + t[23:25]):
        return False
    return int(t[11:13]) <= 23 and int(t[14:16]) <= 59 and int(t[17:19]) <= 59 and int(t[20:22]) <= 23 and \
        int(t[23:25]) <= 59 and t[19:] != "-00:00"


# draw-v2 §4: interest tags ------------------------------------------------------------------------------------


def interest_salt(H: Callable[[bytes], bytes], secret: bytes, inspector: str, subject: str) -> bytes:
    return H(b"draw-v2-interest-salt\x00" + secret + b"\x00" + inspector.encode() + b"\x00" + subject.encode())


def interest_tag(H: Callable[[bytes], bytes], salt: bytes, inspector: str, subject: str) -> str:
    return H(b"draw-v2-interest\x00" + salt + b"\x00" + inspector.encode() + b"\x00" + subject.encode()).hex()


def commit_tags(algorithm: str, secret: bytes, declared: dict[str, list[str]]) -> dict[str, list[str]]:
    """§4.1: each inspector's sorted tags, from the private declarations."""
    H = HASHES[algorithm]
    return {i: sorted(interest_tag(H, interest_salt(H, secret, i, s), i, s) for s in subjects)
            for i, subjects in declared.items()}


def expert_identity_tag(algorithm: str, secret: bytes, expert: str, name: str, id_number: str) -> str:
    """draw-v3 §2: the salted tag of who an expert is."""
    H = HASHES[algorithm]
    salt = H(b"draw-v3-expert-identity-salt\x00" + secret + b"\x00" + expert.encode())
    return H(b"draw-v3-expert-identity\x00" + salt + b"\x00" + expert.encode() + b"\x00" + name.encode() + b"\x00"
             + id_number.encode()).hex()


def open_conflicts(algorithm: str, secret: bytes, declared: dict[str, list[str]],
                   subjects: list[str]) -> dict[str, list[list[str]]]:
    """§4.2: for each drawn subject with a declared interest, [inspector, hex(salt)] by inspector id."""
    H = HASHES[algorithm]
    out = {}
    for sid in subjects:
        pairs = [[i, interest_salt(H, secret, i, sid).hex()] for i in sorted(declared, key=lambda x: x.encode())
                 if sid in declared[i]]
        if pairs:
            out[sid] = pairs
    return out


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _text(s: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in s) + '"'


def _encode(v: Any) -> str:
    """§3's canonical form, written out by hand (not json.dumps), so the vectors check the encoding too."""
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return _text(v)
    if isinstance(v, list):
        return "[" + ",".join(_encode(x) for x in v) + "]"
    assert isinstance(v, dict)
    keys = sorted(v, key=lambda k: k.encode("utf-8"))
    return "{" + ",".join(_text(k) + ":" + _encode(v[k]) for k in keys) + "}"


def canonical(value: Any) -> bytes:
    return _encode(value).encode("utf-8")


# draw-v1 §3, §11: what a verifier refuses, and the field it names -------------------------------------------------


class Refused(AssertionError):
    """A document the specs do not allow: ``field`` is the §11 path of what is wrong (``rules.sample``,
    ``subjects[0].history``, ``public_input``, ``recusals``, ...)."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(f"{field}: {why}")
        self.field = field


def _refuse_unless(ok: bool, field: str, why: str) -> None:
    if not ok:
        raise Refused(field, why)


TEXT_FIELDS = ("area", "domain", "sector", "subject_type", "industry", "credit_risk")
SUBJECT_TYPES = {"id": str, "area": str, "domain": str, "sector": (str, None), "subject_type": str,
                 "industry": (str, None), "credit_risk": (str, None), "in_existence": bool, "exempt": bool,
                 "history": int}
INSPECTOR_TYPES = {"id": str, "department": str, "unit": str, "specialties": list, "interests": list, "active": bool,
                   "valid_from": str, "valid_until": (str, None)}
ITEM_TYPES = {"code": str, "department": str, "domains": list}
RULE_KEYS = ("conditions", "yearly_cap", "yearly_cap_by_credit_risk", "strata", "sample", "reserve", "team",
             "departments", "items", "units")
MANIFEST_KEYS = ("algorithm", "plan_id", "seed_source", "public_input_format", "window", "subjects", "inspectors",
                 "checklist", "rules")


def _is(value: Any, kind: Any) -> bool:
    """JSON types, strictly: true is not an integer, 1 is not a boolean, null only where allowed."""
    if isinstance(kind, tuple):
        return any(_is(value, k) for k in kind)
    if kind is None:
        return value is None
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _whole(value: Any, least: int = 0) -> bool:
    return _is(value, int) and value >= least


def _keys(obj: Any, keys: Any, path: str) -> None:
    _refuse_unless(isinstance(obj, dict), path, "not an object")
    for k in obj:
        _refuse_unless(k in keys, f"{path}.{k}" if path else k, "a key the spec does not name")
    for k in keys:
        _refuse_unless(k in obj, f"{path}.{k}" if path else k, "a key of the spec is missing")


def _ascending(values: list[Any], field: str, what: str) -> None:
    """Sorted by UTF-8 bytes, each once: a verifier refuses, never sorts (§11)."""
    raw = [v.encode("utf-8") for v in values]
    _refuse_unless(all(a < b for a, b in itertools.pairwise(raw)), field, f"{what} not ascending, each once")


def _texts_ascending(values: Any, field: str) -> None:
    _refuse_unless(isinstance(values, list) and all(_is(v, str) for v in values), field, "not a list of texts")
    _ascending(values, field, "texts")


def _entries(items: Any, types: dict[str, Any], key: str, field: str) -> None:
    _refuse_unless(isinstance(items, list), field, "not a list")
    for i, item in enumerate(items):
        _keys(item, types, f"{field}[{i}]")
        for name, kind in types.items():
            _refuse_unless(_is(item[name], kind), f"{field}[{i}].{name}", f"not of type {kind}")
    _ascending([item[key] for item in items], field, f"{key}s")


def _no_float(value: Any, path: str) -> None:
    _refuse_unless(not isinstance(value, float), path, "a floating-point number")
    if isinstance(value, dict):
        for k, v in value.items():
            _no_float(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_float(v, f"{path}[{i}]")


def _ratio_ok(r: Any) -> bool:
    return isinstance(r, list) and len(r) == 2 and _whole(r[0], 1) and _whole(r[1], 1) and r[0] <= r[1]


def _check_team(team: Any, field: str, top: bool) -> None:
    _keys(team, ("size", "quotas", "by_domain", "by_sector") if top else ("size", "quotas"), field)
    _refuse_unless(_whole(team["size"], 1), f"{field}.size", "a size is a whole number ≥ 1")
    quotas = team["quotas"]
    ok = isinstance(quotas, list) and all(isinstance(q, list) and len(q) == 2 and _is(q[0], str) and _whole(q[1], 1)
                                          for q in quotas)
    _refuse_unless(ok, f"{field}.quotas", "quotas are [tag, k] with k ≥ 1")
    _ascending([q[0] for q in quotas], f"{field}.quotas", "tags")
    _refuse_unless(sum(q[1] for q in quotas) <= team["size"], f"{field}.quotas", "the ks add up to more than size")
    if top:
        for by in ("by_domain", "by_sector"):
            _refuse_unless(isinstance(team[by], dict), f"{field}.{by}", "not an object")
            for name, rule in team[by].items():
                _check_team(rule, f"{field}.{by}.{name}", False)


def check_manifest(m: Any) -> None:
    """draw-v1 §3: refuse a manifest that is not one (with the path of the first problem found); never repair it.
    The types are JSON's, strictly; lists the spec sorts are refused unsorted; unknown and missing keys are refused."""
    _keys(m, MANIFEST_KEYS, "")
    _refuse_unless(m["algorithm"] in ("draw-v1", "draw-v1-sm3"), "algorithm", "not a draw-v1 algorithm")
    _no_float(m, "")
    for name in ("plan_id", "seed_source", "public_input_format"):
        _refuse_unless(_is(m[name], str) and m[name].strip() != "", name, "a non-blank text")
    w = m["window"]
    _refuse_unless(isinstance(w, list) and len(w) == 2 and all(_is(d, str) for d in w) and w[0] <= w[1], "window",
                   "[first day, last day]")
    _entries(m["subjects"], SUBJECT_TYPES, "id", "subjects")
    for i, s in enumerate(m["subjects"]):
        _refuse_unless(s["history"] >= 0, f"subjects[{i}].history", "a whole number ≥ 0")
    _entries(m["inspectors"], INSPECTOR_TYPES, "id", "inspectors")
    for i, p in enumerate(m["inspectors"]):
        _texts_ascending(p["specialties"], f"inspectors[{i}].specialties")
        _texts_ascending(p["interests"], f"inspectors[{i}].interests")
    _entries(m["checklist"], ITEM_TYPES, "code", "checklist")
    for i, c in enumerate(m["checklist"]):
        _texts_ascending(c["domains"], f"checklist[{i}].domains")
    r = m["rules"]
    _keys(r, RULE_KEYS, "rules")
    conditions = r["conditions"]
    _refuse_unless(isinstance(conditions, dict) and all(f in TEXT_FIELDS for f in conditions), "rules.conditions",
                   "conditions name the six text fields of a subject")
    for values in conditions.values():
        _texts_ascending(values, "rules.conditions")
    _refuse_unless(r["yearly_cap"] is None or _whole(r["yearly_cap"]), "rules.yearly_cap", "null or a whole number")
    caps = r["yearly_cap_by_credit_risk"]
    _refuse_unless(isinstance(caps, dict) and all(_whole(c) for c in caps.values()), "rules.yearly_cap_by_credit_risk",
                   "class → whole number")
    strata = r["strata"]
    _refuse_unless(isinstance(strata, list) and all(f in TEXT_FIELDS for f in strata) and len(set(strata)) ==
                   len(strata), "rules.strata", "distinct fields among the six text fields")
    sample = r["sample"]
    forms = [("count",), ("ratio",), ("ratio_by", "ratios")]
    _refuse_unless(isinstance(sample, dict) and tuple(sorted(sample)) in forms, "rules.sample",
                   "exactly one of count, ratio, ratio_by")
    if "count" in sample:
        _refuse_unless(_whole(sample["count"]), "rules.sample", "a count is a whole number")
    elif "ratio" in sample:
        _refuse_unless(_ratio_ok(sample["ratio"]), "rules.sample", "a ratio is [p, q] with 0 < p ≤ q")
    else:
        ratios = sample["ratios"]
        _refuse_unless(sample["ratio_by"] in strata, "rules.sample", "ratio_by is a field of strata")
        _refuse_unless(isinstance(ratios, dict) and len(ratios) > 0 and all(_ratio_ok(v) for v in ratios.values()),
                       "rules.sample", "ratios: at least one, each [p, q] with 0 < p ≤ q")
    _refuse_unless(_whole(r["reserve"]), "rules.reserve", "a whole number")
    _check_team(r["team"], "rules.team", True)
    deps = r["departments"]
    _refuse_unless(isinstance(deps, list) and all(_is(d, str) for d in deps) and len(set(deps)) == len(deps),
                   "rules.departments", "distinct texts")
    _refuse_unless(r["items"] is None or _whole(r["items"]), "rules.items", "null or a whole number")
    if r["units"] is not None:
        _texts_ascending(r["units"], "rules.units")


def run(manifest: dict[str, Any], public_input: str, recusals: list[dict[str, Any]] | None = None,
        conflicts: dict[str, list[list[str]]] | None = None) -> dict[str, Any]:
    """Re-run a draw: draw-v1 from the manifest and the public input; draw-v2 also with the result's opened
    ``conflicts`` (§4.3), each checked against the committed tags."""
    algorithm = manifest["algorithm"]
    v2 = algorithm.startswith(("draw-v2", "draw-v3"))  # draw-v3 is draw-v2 with an expert roster
    experts = [e["id"] for e in manifest["experts"]] if algorithm.startswith("draw-v3") else []
    if v2:
        assert produced_at_ok(manifest["public_input"]["produced_at"])
        _refuse_unless(accepts(manifest["public_input"], public_input), "public_input", "not in its one spelling")
    else:
        check_manifest(manifest)
        _refuse_unless(unicodedata.normalize("NFC", public_input) == public_input and
                       re.fullmatch(manifest["public_input_format"], public_input) is not None,
                       "public_input", "not in the form public_input_format fixes, in full")
    H = HASHES[algorithm]
    mhash = H(canonical(manifest)).hex()
    seed = H(algorithm.encode() + b"\x00" + mhash.encode() + b"\x00" + public_input.encode())

    def ticket(purpose: str, x: str) -> bytes:
        return H(seed + purpose.encode() + b"\x00" + x.encode())

    rules = manifest["rules"]
    cap = rules["yearly_cap"]
    strata: dict[str, list[tuple[bytes, str]]] = {}
    strata_value: dict[str, str | None] = {}
    domain, sector = {}, {}
    for s in manifest["subjects"]:
        ok = s["in_existence"] and all(s[f] in v for f, v in rules["conditions"].items())
        own = rules["yearly_cap_by_credit_risk"].get(s["credit_risk"] or "", cap)
        ok = ok and (own is None or s["exempt"] or s["history"] < own)
        if ok:
            key = "|".join(s[f] or "" for f in rules["strata"])
            strata.setdefault(key, []).append((ticket("subject", s["id"]), s["id"]))
            if "ratio_by" in rules["sample"]:
                strata_value[key] = s[rules["sample"]["ratio_by"]]
            domain[s["id"]], sector[s["id"]] = s["domain"], s["sector"]
    counts = {k: len(v) for k, v in strata.items()}
    _refuse_unless(len(rules["strata"]) < 2 or all(k.count("|") == len(rules["strata"]) - 1 for k in counts),
                   "rules.strata", "a | in a value of a stratum field, with several stratum fields")
    total, sample = sum(counts.values()), rules["sample"]
    if "ratio_by" in sample:
        value = {k: v for k, v in strata_value.items()}
        size = {}
        for k, e in counts.items():
            p, q = sample["ratios"].get(value[k] or "", [0, 1])
            size[k] = (p * e + q - 1) // q
    else:
        p, q = sample.get("ratio", [0, 1])
        n = sample["count"] if "count" in sample else (p * total + q - 1) // q
        _refuse_unless(n <= total, "rules.sample", f"{n} subjects asked, {total} eligible")
        size = {k: n * e // total for k, e in counts.items()}
        extra = n - sum(size.values())
        for k in sorted(counts, key=lambda k: (-(n * counts[k] % total), ticket("stratum", k)))[:extra]:
            size[k] += 1
    drawn, reserve = [], {}
    for k in sorted(strata, key=lambda k: k.encode()):
        r = min(rules["reserve"], counts[k] - size[k])
        low = sorted(strata[k])[: size[k] + r]
        drawn += low[: size[k]]
        if r:
            reserve[k] = [i for _, i in low[size[k]:]]
    subjects = [i for _, i in sorted(drawn)]

    # who may not serve which subject: v1 publishes it; v2 opens it for the drawn subjects (§4.3)
    if v2:
        H_ = HASHES[algorithm]
        holders = [*manifest["inspectors"], *(manifest["experts"] if experts else [])]
        tags = {p["id"]: set(p["interest_tags"]) for p in holders}
        interests: dict[str, set[str]] = {p["id"]: set() for p in holders}
        for sid, pairs in (conflicts or {}).items():
            assert sid in subjects and pairs
            assert [i for i, _ in pairs] == sorted({i for i, _ in pairs}, key=lambda x: x.encode())
            for pid, salt in pairs:
                assert interest_tag(H_, bytes.fromhex(salt), pid, sid) in tags[pid], "an opening matches no tag"
                interests[pid].add(sid)
    else:
        interests = {p["id"]: set(p["interests"]) for p in manifest["inspectors"]}

    first, last = manifest["window"]
    ok_ids = {p["id"] for p in manifest["inspectors"]
              if p["active"] and p["valid_from"] <= first and (p["valid_until"] is None or last <= p["valid_until"])
              and (rules["units"] is None or p["unit"] in rules["units"])}
    team_rule = rules["team"]

    def rule_of(sid: str) -> dict[str, Any]:
        if sector[sid] in team_rule["by_sector"]:
            return team_rule["by_sector"][sector[sid]]
        return team_rule["by_domain"].get(domain[sid], team_rule)

    departments = rules["departments"] or [None]
    load: dict[str, int] = {}
    rank = {p["id"]: ticket("inspector", p["id"]) for p in manifest["inspectors"]}
    teams = {}
    for sid in subjects:
        spec = rule_of(sid)
        team: list[str] = []
        for d in departments:
            cands = [p for p in manifest["inspectors"]
                     if p["id"] in ok_ids and sid not in interests[p["id"]] and (d is None or p["department"] == d)]
            members: list[str] = []
            steps = [tag for tag, k in spec["quotas"] for _ in range(k)]
            steps += [None] * (spec["size"] - len(steps))
            for tag in steps:
                free = [p for p in cands if p["id"] not in members and p["id"] not in team
                        and (tag is None or tag in p["specialties"])]
                _refuse_unless(bool(free), "teams", f"no candidate for {sid} ({tag or 'any'})")
                best = min(free, key=lambda p: (load.get(p["id"], 0), rank[p["id"]]))
                members.append(best["id"])
            for m in members:
                load[m] = load.get(m, 0) + 1
            team += members
        teams[sid] = team
    items = {}
    deps = set(rules["departments"])
    for sid in subjects:
        codes = [c["code"] for c in manifest["checklist"]
                 if (not deps or c["department"] in deps) and (not c["domains"] or domain[sid] in c["domains"])]
        if rules["items"] is not None:
            codes = sorted(codes, key=lambda c: ticket("item", f"{sid}|{c}"))[: rules["items"]]
        items[sid] = codes
    people = {p["id"]: p for p in manifest["inspectors"]}
    recused: set[tuple[str, str]] = set()
    done = []
    for r in recusals or []:
        sid, rid = r["subject"], r["inspector"]
        _refuse_unless(r["method"] in ("replace", "swap"), "recusals", "method is replace or swap")
        _refuse_unless(_is(r["reason"], str) and r["reason"].strip() != "", "recusals", "a reason is recorded")
        _refuse_unless(sid in teams and rid in teams[sid] and rid in people, "recusals",
                       f"{rid} is not an inspector on the team of {sid}")
        if experts:  # draw-v3 §3: the manifest's way; once per inspector; never from a place reached by a swap
            assert r["method"] == manifest["recusal_way"], "not the way the manifest fixed"
            assert all(d["inspector"] != rid for d in done), "an inspector recused twice"
            assert not any(d["method"] == "swap" and d["subject"] == sid and d["replacement"] == rid for d in done), \
                "a recusal from a place reached by a swap"
        recused.add((sid, rid))
        spec = rule_of(sid)
        dept = people[rid]["department"] if rules["departments"] else None

        def meets(team: list[str], spec: dict[str, Any] = spec, dept: str | None = dept) -> bool:
            ms = [people[m] for m in team if m in people and (dept is None or people[m]["department"] == dept)]
            return all(sum(tag in p["specialties"] for p in ms) >= k for tag, k in spec["quotas"])

        team = teams[sid]
        if r["method"] == "replace":
            loads = {i: sum(i in t for t in teams.values()) for i in people}
            loads[rid] -= 1
            cands = [p for p in manifest["inspectors"] if p["id"] in ok_ids and p["id"] not in team
                     and sid not in interests[p["id"]] and (sid, p["id"]) not in recused
                     and (dept is None or p["department"] == dept)
                     and meets([p["id"] if m == rid else m for m in team])]
            _refuse_unless(bool(cands), "recusals", f"no inspector can replace {rid} on the team of {sid}")
            new = min(cands, key=lambda p: (loads[p["id"]], ticket("inspector", p["id"])))["id"]
            team[team.index(rid)], other = new, None
        else:
            options = []
            for s2, t2 in teams.items():
                if s2 == sid or rid in t2 or s2 in interests[rid] or (s2, rid) in recused:
                    continue
                spec2 = rule_of(s2)
                for m in t2:
                    if m in experts:
                        continue
                    if m in team or sid in interests[m] or (sid, m) in recused or \
                            (dept is not None and people[m]["department"] != dept):
                        continue
                    if meets([m if x == rid else x for x in team]) and \
                            meets([rid if x == m else x for x in t2], spec2):
                        options.append((ticket("swap", f"{sid}|{rid}|{s2}|{m}"), s2, m))
            officers = sum(1 for x in team if x in people and x != rid)
            for e in experts:  # draw-v3 §3: an expert takes R's place; R takes no other team's place
                if (spec["size"] < 2 or officers >= 2) and e not in team and sid not in interests[e] and \
                        (sid, e) not in recused and meets([e if x == rid else x for x in team]):
                    options.append((ticket("swap", f"{sid}|{rid}||{e}"), "", e))
            _refuse_unless(bool(options), "recusals", f"no one can swap subjects with {rid}")
            _, s2_or_empty, new = min(options)
            team[team.index(rid)] = new
            other = s2_or_empty or None
            if other is not None:
                teams[other][teams[other].index(new)] = rid
        done.append({**r, "replacement": new, "with_subject": other})
    out = {
        "algorithm": algorithm, "manifest_hash": mhash, "public_input": public_input, "seed": seed.hex(),
        "strata": [{"key": k, "eligible": counts[k], "drawn": size[k]}
                   for k in sorted(counts, key=lambda k: k.encode())],
        "subjects": subjects, "reserve": reserve, "teams": teams, "items": items, "recusals": done,
    }
    if v2:
        out["conflicts"] = conflicts or {}
    return out


RESULT_FIELDS = ("algorithm", "manifest_hash", "public_input", "seed", "strata", "subjects", "reserve", "teams",
                 "items", "recusals")


def verify(manifest: dict[str, Any], result: dict[str, Any]) -> str | None:
    """draw-v1 §9 (and draw-v2 §4.3): ``None`` if the result is the draw of the manifest, else the field named,
    in the spec's order: ``algorithm``, ``manifest_hash``, ``public_input``, (draw-v2) ``conflicts`` if an opening
    fails, ``recusals`` if one cannot be replayed, then the first of ``seed``, ``strata``, ``subjects``, (draw-v2)
    ``conflicts``, ``reserve``, ``teams``, ``items``, ``recusals`` that differs. Keys the spec does not name are
    not compared. A manifest that is not one is refused (:class:`Refused`) before any of this."""
    algorithm = manifest.get("algorithm")
    if algorithm == "draw-v1" or algorithm == "draw-v1-sm3":
        check_manifest(manifest)
    if result.get("algorithm") != algorithm:
        return "algorithm"
    if result.get("manifest_hash") != HASHES[algorithm](canonical(manifest)).hex():
        return "manifest_hash"
    v2 = not algorithm.startswith("draw-v1")
    fields = [*RESULT_FIELDS[3:6], *(["conflicts"] if v2 else []), *RESULT_FIELDS[6:]]
    for name in ("public_input", "recusals", *fields):
        if name not in result:
            return name
    recorded = result["recusals"]
    if not isinstance(recorded, list) or not all(isinstance(r, dict) for r in recorded):
        return "recusals"
    requests = [{k: r.get(k) for k in ("subject", "inspector", "method", "reason")} for r in recorded]
    try:
        again = run(manifest, result["public_input"], requests, result["conflicts"] if v2 else None)
    except Refused as refused:
        return refused.field
    except AssertionError:  # an opening that matches no committed tag (draw-v2 §4.3)
        return "conflicts"
    for name in fields:
        if result[name] != again[name]:
            return name
    return None
