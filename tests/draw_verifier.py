"""An independent draw-v1 verifier, written from docs/spec/draw-v1.md alone. It imports nothing of the engine:
only the standard library (and, where OpenSSL has no SM3, the gmssl package's SM3), so it shows that the spec
is enough to re-check a draw."""

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
HASHES: dict[str, Callable[[bytes], bytes]] = {"draw-v1": sha256, "draw-v1-sm3": sm3}


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


def run(manifest: dict[str, Any], public_input: str, recusals: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    assert re.fullmatch(manifest["public_input_format"], public_input), "the public input is not in the fixed form"
    algorithm = manifest["algorithm"]
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
                     if p["id"] in ok_ids and sid not in p["interests"] and (d is None or p["department"] == d)]
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
        recused.add((sid, rid))
        spec = rule_of(sid)
        dept = people[rid]["department"] if rules["departments"] else None

        def meets(team: list[str], spec: dict[str, Any] = spec, dept: str | None = dept) -> bool:
            ms = [people[m] for m in team if dept is None or people[m]["department"] == dept]
            return all(sum(tag in p["specialties"] for p in ms) >= k for tag, k in spec["quotas"])

        team = teams[sid]
        if r["method"] == "replace":
            loads = {i: sum(i in t for t in teams.values()) for i in people}
            loads[rid] -= 1
            cands = [p for p in manifest["inspectors"] if p["id"] in ok_ids and p["id"] not in team
                     and sid not in p["interests"] and (sid, p["id"]) not in recused
                     and (dept is None or p["department"] == dept)
                     and meets([p["id"] if m == rid else m for m in team])]
            new = min(cands, key=lambda p: (loads[p["id"]], ticket("inspector", p["id"])))["id"]
            team[team.index(rid)], other = new, None
        else:
            options = []
            for s2, t2 in teams.items():
                if s2 == sid or rid in t2 or s2 in people[rid]["interests"] or (s2, rid) in recused:
                    continue
                spec2 = rule_of(s2)
                for m in t2:
                    if m in team or sid in people[m]["interests"] or (sid, m) in recused or \
                            (dept is not None and people[m]["department"] != dept):
                        continue
                    if meets([m if x == rid else x for x in team]) and \
                            meets([rid if x == m else x for x in t2], spec2):
                        options.append((ticket("swap", f"{sid}|{rid}|{s2}|{m}"), s2, m))
            _, other, new = min(options)
            team[team.index(rid)] = new
            teams[other][teams[other].index(new)] = rid
        done.append({**r, "replacement": new, "with_subject": other})
    return {
        "algorithm": algorithm, "manifest_hash": mhash, "public_input": public_input, "seed": seed.hex(),
        "strata": [{"key": k, "eligible": counts[k], "drawn": size[k]}
                   for k in sorted(counts, key=lambda k: k.encode())],
        "subjects": subjects, "reserve": reserve, "teams": teams, "items": items, "recusals": done,
    }
