# float methods and explicitly called dunders.


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__ + ":", e)


values = [0.0, -0.0, 1.5, -2.5, 2.5, 3.5, 0.1, 1e16, 1e-7, 123.456, -1e300, 5e-324, 2.0**53, 7.0, 0.5,
          float("inf"), float("-inf")]
for x in values:
    print(repr(x), x.is_integer(), x.hex(), float.fromhex(x.hex()) == x, x.conjugate(), x.__float__(), x.__bool__(),
          x.__hash__(), x.__repr__(), x.__sizeof__(), x.__getnewargs__(), x.__neg__(), x.__abs__(), x.__pos__())
    if x == x and abs(x) != float("inf"):
        print("   ", x.as_integer_ratio(), x.__int__(), x.__trunc__(), x.__floor__(), x.__ceil__(), x.__round__(),
              x.__round__(1), x.__round__(2), x.__round__(-1), x.__round__(-2), x.__round__(400), x.__round__(-400))
    print("   ", x.__format__(""), x.__format__(".2f"), x.__format__("e"), x.__format__(">12.3g"))

for a, b in [(7.5, 2), (-7.5, 2), (7.5, -2.0), (1.0, 0.1), (0.0, -3), (2.5, True), (1e308, 10)]:
    print(a, b, [a.__add__(b), a.__radd__(b), a.__sub__(b), a.__rsub__(b), a.__mul__(b), a.__truediv__(b),
                 a.__rtruediv__(b) if a else None, a.__floordiv__(b), a.__mod__(b), a.__divmod__(b), a.__rdivmod__(b) if a else None])
    print("   ", [a.__pow__(b) if 0 < abs(a) < 1e300 else None, a.__eq__(b), a.__ne__(b), a.__lt__(b), a.__le__(b), a.__gt__(b), a.__ge__(b)])

print((2.0).__pow__(0.5), (-8.0).__pow__(3), (0.0).__pow__(0), float("nan").__pow__(0), (1.0).__pow__(float("nan")),
      (-1.0).__pow__(float("inf")), (0.5).__pow__(float("-inf")), float("-inf").__pow__(3), float("-inf").__pow__(-3))
print((1.5).__add__("x"), (1.5).__eq__(None), (2.0**53).__eq__(2**53 + 1), (2.0**53).__lt__(2**53 + 1), (1e16).__eq__(10**16),
      float("inf").__gt__(10**400), float("nan").__eq__(float("nan")), float("nan").__ne__(1))
for h in ["0x1p0", "0x1.8p1", "-0X1.FFFFFFFFFFFFFp+1023", "0x0.0000000000001p-1022", " 0x10 ", "0x1p-1074", "0x1p-1075",
          "0x3p-1075", "0x1.00000000000008p0", "0x1.00000000000018p0", "inf", "-Infinity", "0x.8", "1", "0x1."]:
    print(repr(h), float.fromhex(h))
print(float.__getformat__("double"), float.__getformat__("float"))


class Meters(float):
    def __sub__(self, other):
        return Meters(super().__sub__(other))

    def __repr__(self):
        return "Meters(" + super().__repr__() + ")"


d = Meters(3.25)
print(d - 1, d - 0.25, 10 - d, repr(d), type(d.__float__()).__name__, type(d.__pos__()).__name__, Meters.fromhex("0x1p1"))

attempt("add args", lambda: (1.5).__add__())
attempt("pow mod", lambda: (2.0).__pow__(3, 5))
attempt("pow zero", lambda: (0.0).__pow__(-1))
attempt("pow range", lambda: (10.0).__pow__(400))
attempt("truediv", lambda: (1.5).__truediv__(0))
attempt("floordiv", lambda: (1.5).__floordiv__(0.0))
attempt("mod", lambda: (1.5).__mod__(0))
attempt("divmod", lambda: (1.5).__divmod__(0))
attempt("big int", lambda: (1.5).__add__(10**400))
attempt("int nan", lambda: float("nan").__int__())
attempt("floor inf", lambda: float("inf").__floor__())
attempt("round nan", lambda: float("nan").__round__())
attempt("round big", lambda: (1.7976931348623157e308).__round__(-308))
attempt("round type", lambda: (1.5).__round__(1.5))
attempt("ratio nan", lambda: float("nan").as_integer_ratio())
attempt("ratio inf", lambda: float("-inf").as_integer_ratio())
attempt("fromhex bad", lambda: float.fromhex("0x1p"))
attempt("fromhex junk", lambda: float.fromhex("0x1.8p1 x"))
attempt("fromhex big", lambda: float.fromhex("0x1p1024"))
attempt("fromhex round big", lambda: float.fromhex("0x1.fffffffffffff8p1023"))
attempt("fromhex type", lambda: float.fromhex(1))
attempt("hex args", lambda: (1.5).hex(1))
attempt("getformat", lambda: float.__getformat__("long"))
attempt("format type", lambda: (1.5).__format__(None))
