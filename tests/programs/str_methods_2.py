# str.format and str.format_map: fields, conversions, nested specs, errors.


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__ + ":", e)


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)

    def __format__(self, spec):
        return "<" + spec + ">"


class Default(dict):
    def __missing__(self, key):
        return key.upper()


p = Point(1, [10, 20])
print("{} {} {}".format(1, "two", 3.5))
print("{0}{1}{0}".format("ab", "cd"))
print("{name} is {age}".format(name="Ann", age=7))
print("{0.x} {0.y[1]} {p.y[0]}".format(p, p=p))
print("{!r} {!s} {!a}".format("é", p, "ü"))
print("{:>8}|{:<8}|{:^8}|{:*^9}".format("r", "l", "c", "m"))
print("{:{}}|{:{w}.{prec}f}".format("x", 5, 3.14159, w=10, prec=3))
print("{0:{1}{2}{3}}".format(42, "_", "^", 9))
print("{{literal}} {{{0}}} }}{{".format("in"))
print("{:,} {:_x} {:#b} {:+d} {: d} {:08.2f} {:.1%} {:e}".format(1234567, 48879, 5, 7, 7, -3.14159, 0.256, 12345.0))
print("{0[key]} {0[0]} {1[2]}".format({"key": "v", 0: "zero"}, "xyz"))
print("{:c}{:c}".format(72, 105), "{:s}".format(p), "{:5}|".format(True), "{:d}".format(True))
print("{0!r:>12}".format("q"), "{0.__class__.__name__}".format(1.5))
print("{a} {b}".format_map(Default(a=1)), "{x[1]}".format_map({"x": "abc"}))
print(str.format("{}-{}", 1, 2), "{}".format(None), "{}".format([1, "a"]))
print("{٣}".format(0, 1, 2, "arabic three"))

attempt("single {", lambda: "a{".format())
attempt("single }", lambda: "a}b".format())
attempt("index", lambda: "{0} {1}".format(1))
attempt("auto index", lambda: "{}{}".format(1))
attempt("key", lambda: "{missing}".format())
attempt("auto->manual", lambda: "{}{0}".format(1, 2))
attempt("manual->auto", lambda: "{0}{}".format(1, 2))
attempt("conversion", lambda: "{!x}".format(1))
attempt("conversion end", lambda: "{0!".format(1))
attempt("after conversion", lambda: "{0!rr}".format(1))
attempt("unmatched", lambda: "{0:".format(1))
attempt("expected }", lambda: "{0[}".format(1))
attempt("empty attr", lambda: "{0.}".format(1))
attempt("missing ]", lambda: "{0[0}".format([1]))
attempt("after ]", lambda: "{0[0]x}".format([1]))
attempt("attr", lambda: "{0.nope}".format(1))
attempt("item", lambda: "{0[5]}".format([1]))
attempt("recursion", lambda: "{:{:{}}}".format(1, 2, 3))
attempt("digits", lambda: "{99999999999999999999}".format())
attempt("unknown code", lambda: "{:d}".format("s"))
attempt("none spec", lambda: "{:5}".format(None))
attempt("map positional", lambda: "{}".format_map({}))
attempt("map key", lambda: "{k}".format_map({}))
attempt("map type", lambda: "{k}".format_map(5))
attempt("map args", lambda: "{k}".format_map())
