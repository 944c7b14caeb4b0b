"""An independent draw-v1, draw-v2 and draw-v3 verifier, written from docs/spec/draw-v1.md, draw-v2.md and
draw-v3.md alone. It imports nothing of the engine: only the standard library (and, where OpenSSL has no SM3, the gmssl
package's SM3), so it shows that the specs are enough to re-check a draw. The draw-v2 public input is checked
without regular expressions, character by character, as draw-v2 §3 defines it."""

from __future__ import annotations

import hashlib
import re
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


def run(manifest: dict[str, Any], public_input: str, recusals: list[dict[str, Any]] | None = None,
        conflicts: dict[str, list[list[str]]] | None = None) -> dict[str, Any]:
    """Re-run a draw: draw-v1 from the manifest and the public input; draw-v2 also with the result's opened
    ``conflicts`` (§4.3), each checked against the committed tags."""
    algorithm = manifest["algorithm"]
    v2 = algorithm.startswith(("draw-v2", "draw-v3"))  # draw-v3 is draw-v2 with an expert roster
    experts = [e["id"] for e in manifest["experts"]] if algorithm.startswith("draw-v3") else []
    if v2:
        assert produced_at_ok(manifest["public_input"]["produced_at"])
        assert accepts(manifest["public_input"], public_input), "the public input is not in its one spelling"
    else:
        assert re.fullmatch(manifest["public_input_format"], public_input), "the public input is not in the form"
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
        assert n <= total
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
