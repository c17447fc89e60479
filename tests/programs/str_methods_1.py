# str methods: splitting, joining, searching, replacing, stripping.


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__ + ":", e)


samples = ["", "a", " a b  c ", "a,b,,c,", "Mississippi", "\tx\ny\r\nz\x0b\x0c\x1c\x85\u2028end",
           "héllo wörld", "€uro €", "  \u3000spaced\u2000 "]
for s in samples:
    print("==", repr(s))
    print(" split", s.split(), s.split(None, 1), s.rsplit(None, 1), s.split(maxsplit=0))
    print(" sep", s.split(","), s.rsplit(",", 1), s.split("ss"), s.rsplit("s", 2))
    print(" lines", s.splitlines(), s.splitlines(True), s.splitlines(keepends=True))
    print(" strip", repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip("a ")), repr(s.rstrip(",c")))
    print(" find", s.find("s"), s.rfind("s"), s.find("s", 3), s.find("s", -4, -1), s.find(""), s.rfind(""), s.find("", 100))
    print(" count", s.count("s"), s.count(""), s.count("s", 2, 6), s.count("ss"))
    print(" sw", s.startswith("a"), s.endswith(("x", "c ", "end")), s.startswith("s", 2), s.endswith("", 0, 100))
    print(" part", s.partition(","), s.rpartition("s"), s.partition("zz"))
    print(" repl", repr(s.replace("s", "S")), repr(s.replace("s", "", 2)), repr(s.replace("", "|", 3)))
    print(" affix", repr(s.removeprefix("Mis")), repr(s.removesuffix("pi")))

print("-".join(["a", "b", "c"]), "".join("xyz"), ", ".join(str(i) for i in range(5)), repr("".join([])))
print("aaa".replace("", "-"), "aaa".replace("a", "b", 0), "abcabc".replace("bc", "X", 1))
print("a,b,c".split(",", -1), "a b c".rsplit(maxsplit=1), "x".split("x"), "".split(","), "".splitlines())
print("abc".index("c"), "abcabc".rindex("b"), "abc".find("c", None, -1), "abc".startswith("", 3), "abc".startswith("", 4))

s = "unchanged"
print(s.strip() is s, s.replace("z", "y") is s, "".join([s]) is s, s.split()[0] is s, s.partition("q")[0] is s)

attempt("join int", lambda: "-".join(["a", 1]))
attempt("join noniter", lambda: "".join(5))
attempt("split empty", lambda: "a".split(""))
attempt("split type", lambda: "a".split(1))
attempt("split kw", lambda: "a".split(x=1))
attempt("split many", lambda: "a".split("a", 1, 2))
attempt("find type", lambda: "a".find(1))
attempt("find noarg", lambda: "a".find())
attempt("find slice", lambda: "a".find("a", "x"))
attempt("index", lambda: "abc".index("z"))
attempt("rindex", lambda: "abc".rindex("a", 1))
attempt("count kw", lambda: "a".count("a", start=1))
attempt("sw type", lambda: "a".startswith(1))
attempt("sw tuple", lambda: "a".startswith(("b", 2)))
attempt("strip type", lambda: "a".strip(1))
attempt("strip many", lambda: "a".strip("a", "b"))
attempt("replace type", lambda: "a".replace(1, "b"))
attempt("replace count", lambda: "a".replace("a", "b", "c"))
attempt("replace kw", lambda: "a".replace("a", "b", count=1))
attempt("partition empty", lambda: "a".partition(""))
attempt("rpartition type", lambda: "a".rpartition(None))
attempt("removeprefix", lambda: "a".removeprefix(None))
attempt("upper args", lambda: "a".upper(1))
