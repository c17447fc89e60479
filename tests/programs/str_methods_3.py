# str methods: case mapping, predicates, padding, tabs, encoding, translation, dunders.


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__ + ":", e)


words = ["hello world", "they're bill's", "ǆemal ǅ", "Straße", "ΣΑΣ ΟΔΟΣ.", "İi", "ﬁne", "ABC def 123",
         "", "123", "٣٤", "²³", "½Ⅻ一", "x_1", "1x", "   ", "\t", "é€😀", "Title Case", "lower"]
for w in words:
    print(repr(w), [w.upper(), w.lower(), w.casefold(), w.capitalize(), w.title(), w.swapcase()])
    print("   ", [w.isdigit(), w.isdecimal(), w.isnumeric(), w.isalpha(), w.isalnum(), w.isspace(),
                  w.isupper(), w.islower(), w.istitle(), w.isidentifier(), w.isascii(), w.isprintable()])

for s in ["abc", "-42", "+7", "", "é"]:
    print(repr(s), [s.center(7, "*"), s.ljust(5), s.rjust(6, "é"), s.zfill(5), s.center(2), s.center(6)])
print(["a\tbc\tdef".expandtabs(), "a\tb\nc\td".expandtabs(4), "x\ty".expandtabs(0), "a\r\tb".expandtabs(3)])

text = "héllo €"
print(text.encode(), text.encode("utf-8"), text.encode("utf-16"), text.encode("utf-32-be"))
for errors in ["ignore", "replace", "xmlcharrefreplace", "backslashreplace"]:
    print(errors, text.encode("ascii", errors), text.encode("latin-1", errors))
print("plain".encode("ascii"), "é".encode("latin-1"), "é".encode(encoding="iso-8859-1"))

table = str.maketrans("abc", "xyz", "h")
print(sorted(table.items()), "aabbcch".translate(table))
print("hello".translate({ord("l"): "LL", ord("o"): None, ord("h"): 0x48}))
print(str.maketrans({"a": "1", 98: None}), "abc".translate(str.maketrans({"a": "1", 98: None})))

print(len("abc"), "abc".__len__(), "abc".__getitem__(1), "abc".__contains__("bc"), "ab".__add__("cd"), "ab".__mul__(3), "ab".__rmul__(2))
print("%s-%d".__mod__(("x", 5)), "x".__rmod__("%s!"), "a".__eq__("a"), "a".__lt__("b"), "a".__eq__(1), "a".__hash__() == hash("a"))
print("abc".__sizeof__(), "é".__sizeof__(), "€".__sizeof__(), "".__sizeof__(), "a".__getnewargs__(), "q".__format__(">3"))


class Tagged(str):
    def upper(self):
        return "T:" + super().upper()

    def __eq__(self, other):
        return super().__eq__(other)

    __hash__ = str.__hash__


t = Tagged("abc")
print(t.upper(), t.lower(), type(t.lower()).__name__, type(t.strip()).__name__, t == "abc", {t: 1}["abc"], t.__sizeof__())

attempt("encode unknown", lambda: "a".encode("nope"))
attempt("encode ascii", lambda: "aé€b".encode("ascii"))
attempt("encode latin", lambda: "a€€b".encode("latin-1"))
attempt("encode handler", lambda: "é".encode("ascii", "bogus"))
attempt("encode type", lambda: "a".encode(1))
attempt("center fill", lambda: "a".center(5, "ab"))
attempt("center fill type", lambda: "a".center(5, 1))
attempt("center width", lambda: "a".center("5"))
attempt("zfill", lambda: "a".zfill())
attempt("maketrans lens", lambda: str.maketrans("ab", "c"))
attempt("maketrans dict", lambda: str.maketrans(1))
attempt("maketrans key", lambda: str.maketrans({"ab": 1}))
attempt("maketrans arg3", lambda: str.maketrans("a", "b", 3))
attempt("translate value", lambda: "a".translate({97: 1.5}))
attempt("translate range", lambda: "a".translate({97: -1}))
attempt("add", lambda: "a".__add__(1))
attempt("contains", lambda: "a".__contains__(1))
attempt("format arg", lambda: "a".__format__(1))
attempt("isdigit args", lambda: "a".isdigit(1))
attempt("lower kw", lambda: "a".lower(x=1))
attempt("expandtabs kw", lambda: "a".expandtabs(size=1))
