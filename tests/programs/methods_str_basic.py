s = "Hello, World"
print(s.upper(), s.lower(), s.swapcase(), s.title(), "hi there".capitalize())
print(s.find("o"), s.rfind("o"), s.find("zz"), s.index("W"), s.count("l"))
print(s.startswith("Hell"), s.endswith("ld"), s.startswith(("x", "H")))
print(s.replace("l", "L"), s.replace("l", "", 1))
print(s.split(), s.split(","), "a,b,,c".split(","), "a b  c".split(" "), "1-2-3".split("-", 1))
print("a\nb\nc".splitlines(), "  x  ".strip(), "  x  ".lstrip() + "|", "  x  ".rstrip() + "|")
print("xxhixx".strip("x"), "-".join(["a", "b", "c"]), "".join([]))
print("abc".isalpha(), "123".isdigit(), "a1".isalnum(), "   ".isspace(), "abc".islower(), "ABC".isupper())
print("42".zfill(5), "ab".center(6, "*"), "ab".ljust(4) + "|", "ab".rjust(4))
print("a-b-c".rsplit("-", 1), "k=v".partition("="), "abc".partition("x"), "a=b=c".rpartition("="))
print("ab" * 3, "a" in "abc", "abc" < "abd", "B" < "a", len("\u20ac\U0001f600"))
print("x".join("abc"), "%d items" % 3, str.upper("q"))
print("caf\xe9".upper(), "\u0130".lower() == "i\u0307")
print("hello"[1:3], "hello".encode(), b"bytes".decode())
print("tab\tx".expandtabs(4), "abc".removeprefix("a"), "abc".removesuffix("c"))
try:
    "abc".index("z")
except ValueError as e:
    print(e)
try:
    "a" + 1
except TypeError as e:
    print(e)
