"""The hostile values the mutators draw from: edge numbers, edge strings, deep and wide
structures. Expensive ones (close to 1 MiB) are rationed by a `Budget`.

None of these strings contains a word the leak check looks for (SQLite, /tmp/, …), so an
echo of them cannot look like a leak."""
import uuid

from .jsonwire import Raw

ONE_MIB = 1 << 20

# Numbers JSON can spell but the service may not hold: sent as written.
EDGE_NUMBERS = [Raw(text) for text in (
    "1e30", "-1e30", "1e308", "-1e308", "1e400", "-1e400", str(2 ** 63), str(-2 ** 63 - 1), str(2 ** 64),
    str(2 ** 31), str(-2 ** 31 - 1), "9" * 400, "-0", "0.0", "1.0", "1E+2", "5e-324", "1e-400",
    "0.30000000000000004", "123456789012345678901234567890.5")]
# Not JSON at all, though some parsers take them.
NON_JSON_NUMBERS = [Raw(text) for text in ("NaN", "-NaN", "Infinity", "-Infinity", "nan", "inf", "01", "+1", ".5",
                                           "1.", "0x10", "1e", "-", "1_000")]
PLAIN_VALUES = ["x", "", 0, 1, -1, 1.5, True, False, None, [], {}, ["x"], {"x": 1}, [None], "1", "true", "null"]

EDGE_STRINGS = [
    "", " ", "  leading and trailing  ", "\t", "\n",
    "\u202eevil-rtl\u202c", "e" + "\u0301" * 64, "\u0300leading-combining", "😀" * 16, "🏳️‍🌈", "\u200b", "\ufeffbom",
    "ß" * 100, "İ", "ﬃ", "\u0000", "a\u0000b", "\x01\x02\x1b[31m\x7f", "\r\n", "\\", "\"", "'", "%s%n%x",
    "${jndi:ldap://x}", "{{7*7}}", "<script>alert(1)</script>", "' OR '1'='1", "--", "../../../etc/passwd",
    "..", ".", "*", "?", "%", "%zz", "%00", "NULL", "None", "undefined", "physnet1", "physnet2", "direct",
    "direct-physical", "fuzzhost", "0000:00:00.0", "ff:ff:ff:ff:ff:ff", "10.77.0.1", "::1", "0", "-1",
    "1e30", "true", "latest", "2.96", "a" * 256, "a" * 40 + "!", "(a+)+$", "[", "(",
]
# Written as JSON escapes, since a Python str cannot carry them through UTF-8.
ESCAPED_STRINGS = [Raw(text) for text in ('"\\ud800"', '"\\udfff"', '"\\udc00\\ud800"', '"a\\ud83d"',
                                          '"\\ud83d\\ude00"', '"\\u0000"', '"\\uFFFF"', '"\\uFFFE"', '"\\u"',
                                          '"\\x41"', '"\\q"')]
# Invalid inside a JSON string: control bytes and invalid UTF-8 as they are.
RAW_STRINGS = [Raw(data) for data in (b'"a\x01b"', b'"tab\there"', b'"\xff\xfe"', b'"\xc3\x28"', b'"\xed\xa0\x80"',
                                      b'"\xf8\x88\x80\x80\x80"', b'"\xc0\xaf"', b'"\x00"')]

# Names a mutation may add to an object: ones the service reads somewhere, and odd ones.
INTERESTING_KEYS = ["min_count", "max_count", "networks", "port", "port_id", "net_id", "uuid", "fixed_ip", "id",
                    "tenant_id", "project_id", "binding:profile", "binding:host_id", "binding:vnic_type",
                    "device_id", "name", "flavorRef", "imageRef", "locked_reason", "return_reservation_id",
                    "block_device_mapping_v2", "user_data", "metadata", "tag", "pci_slot", "physical_network",
                    "__proto__", "constructor", "", " ", "😀", "a" * 300, "\u0000", "$ref"]


class Budget:
    """How many of each expensive value a run may still send."""

    def __init__(self, allowances):
        self.left = dict(allowances)

    def take(self, kind):
        if self.left.get(kind, 0) <= 0:
            return False
        self.left[kind] -= 1
        return True


# Allowances per run mode: bodies just over 1 MiB, ~1 MiB strings, 10,000+ keys, 100,000-item arrays.
ALLOWANCES = {
    "quick": {"over_limit": 3, "huge_string": 4, "many_keys": 6, "long_array": 6},
    "long": {"over_limit": 20, "huge_string": 40, "many_keys": 60, "long_array": 60},
}


def random_uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def edge_number(rng):
    return rng.choice(EDGE_NUMBERS + NON_JSON_NUMBERS)


def edge_string(rng, budget):
    choice = rng.random()
    if choice < 0.05 and budget.take("huge_string"):
        return "a" * rng.choice([ONE_MIB - 100, 900_000])
    if choice < 0.15:
        return "x" * rng.choice([255, 256, 4096, 65536])
    if choice < 0.3:
        return rng.choice(ESCAPED_STRINGS + RAW_STRINGS)
    return rng.choice(EDGE_STRINGS)


def deep_nesting(rng):
    depth = rng.choice([64, 256, 512, 1000, 1001])
    if rng.random() < 0.5:
        return Raw("[" * depth + "]" * depth)
    return Raw('{"a":' * depth + "1" + "}" * depth)


def many_keys(rng, budget):
    count = rng.choice([100, 1000])
    if rng.random() < 0.3 and budget.take("many_keys"):
        count = rng.choice([10_000, 40_000, 50_000])
    return Raw("{" + ",".join(f'"k{index}":{index}' for index in range(count)) + "}")


def long_array(rng, budget):
    count = rng.choice([1000, 5000])
    if rng.random() < 0.3 and budget.take("long_array"):
        count = 100_000
    return Raw("[" + ",".join(["0"] * count) + "]")


def other_type(rng, value):
    """A value of another JSON type than `value`."""
    kind = type(value)
    candidates = [v for v in PLAIN_VALUES if type(v) is not kind]
    return rng.choice(candidates)


def any_value(rng, budget):
    """Any of the hostile values above."""
    maker = rng.choice([lambda: rng.choice(PLAIN_VALUES), lambda: edge_number(rng), lambda: edge_string(rng, budget),
                        lambda: deep_nesting(rng), lambda: many_keys(rng, budget), lambda: long_array(rng, budget)])
    return maker()
