# collections.UserString: a str-like class around the real str `data`.
import sys
from collections import UserString

s = UserString("Hello World")
print(s, repr(s), str(s), s.data, len(s), s[0], s[-5:], type(s[0]).__name__)
print(UserString(42), UserString(s), UserString(["x"]), UserString(s).data is s.data)
print("World" in s, UserString("lo") in s, "xyz" in s, hash(s) == hash("Hello World"))
print(s == "Hello World", s == UserString("Hello World"), s != "x", s < "Z", s > UserString("A"),
      s <= "Hello World", s >= "Hello")
print(int(UserString("12")), float(UserString("1.5")), complex(UserString("1+2j")))
print(s.__getnewargs__(), {s: 1}["Hello World"])

# Arithmetic and formatting keep the class.
t = UserString("ab")
for r in (t + "c", t + UserString("d"), t + 5, "z" + t, 7 + t, t * 2, 3 * t,
          UserString("%s-%d") % ("x", 1), "<%s>" % t, UserString("[%s]").__rmod__("q")):
    print(type(r).__name__, r)

# Methods that make a new string answer the class; the others answer str, bool, list...
w = UserString("  Mixed Case\twords  ")
for name in ("capitalize", "casefold", "lower", "upper", "swapcase", "title", "strip",
             "lstrip", "rstrip", "expandtabs"):
    r = getattr(w, name)()
    print(name, type(r).__name__, repr(r))
print(w.center(24, "*"), w.ljust(24, "."), w.rjust(24), UserString("7").zfill(3))
print(UserString("prefix-body").removeprefix("prefix-"), UserString("a.py").removesuffix(UserString(".py")))
print(UserString("aaa").replace("a", "b", 2), UserString("aXa").replace(UserString("X"), UserString("-")))
print(UserString("abc").translate({97: "A"}), UserString.maketrans("a", "b"), s.maketrans("x", "y"))
print(s.count("o"), s.count(UserString("l")), s.find("o"), s.find(UserString("World")),
      s.rfind("o"), s.index("W"), s.rindex("o"), s.startswith("He"), s.endswith(("x", "ld")))
print(s.split(), s.rsplit("o", 1), s.partition(" "), s.rpartition("o"),
      UserString("a\nb\r\nc").splitlines(), UserString("a\nb").splitlines(True))
print(UserString("-").join(["a", "b"]), UserString("{} {x}").format(1, x=2),
      UserString("{k}").format_map({"k": "v"}), s.encode(), UserString("é").encode("latin-1"),
      s.encode(None, None))
for name in ("isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier",
             "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper"):
    print(name, getattr(UserString("abc"), name)(), getattr(UserString("12"), name)())
for call in (lambda: s.index("zzz"), lambda: s.index(UserString("H")), lambda: s + None and 0,
             lambda: s.endswith(UserString("d"))):
    try:
        print(call())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

# Iteration yields one-character UserStrings, through __getitem__.
print([type(c).__name__ for c in UserString("ab")], list(reversed(UserString("ab"))),
      type(iter(UserString("x"))).__name__, sorted(UserString("cab")))


class Shout(UserString):
    def shout(self):
        return self.upper() + "!"


sh = Shout("hey")
print(sh.shout(), type(sh.shout()).__name__, type(sh[0]).__name__, type(sh + "x").__name__)
print(UserString.__module__, sorted(vars(sh)), sys.getsizeof(sh) == sys.getsizeof(UserString("")))
