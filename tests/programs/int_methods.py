# int methods and explicitly called dunders, including from subclasses via super().


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__ + ":", e)


for n in [0, 1, -1, 7, -255, 256, 2**31, -(2**63), 2**64 + 3, 10**30, True, False]:
    print(repr(n), n.bit_length(), n.bit_count(), n.as_integer_ratio(), n.conjugate(), n.__index__(), n.__int__(),
          n.__float__(), n.__bool__(), n.__hash__(), n.__repr__(), n.__sizeof__(), n.__getnewargs__())
    print("   ", n.__neg__(), n.__pos__(), n.__abs__(), n.__invert__(), n.__trunc__(), n.__floor__(), n.__ceil__(),
          n.__round__(), n.__round__(-1), n.__round__(-2), n.__round__(2), n.__format__(""), n.__format__(">8x"))

for a, b in [(7, 2), (-7, 2), (7, -2), (2**70, 3), (5, True), (0, 5)]:
    print(a, b, [a.__add__(b), a.__radd__(b), a.__sub__(b), a.__rsub__(b), a.__mul__(b), a.__floordiv__(b),
                 a.__rfloordiv__(b) if a else None, a.__mod__(b), a.__divmod__(b), a.__truediv__(b), a.__pow__(b),
                 a.__lshift__(abs(b)), a.__rshift__(abs(b)), a.__and__(b), a.__or__(b), a.__xor__(b), a.__rxor__(b)])
    print("   ", [a.__eq__(b), a.__ne__(b), a.__lt__(b), a.__le__(b), a.__gt__(b), a.__ge__(b)])

print((1).__add__(1.5), (1).__eq__(1.0), (1).__lt__("a"), (1).__radd__(None), (2).__pow__(3, 5), (3).__pow__(-1, 7),
      (2).__rpow__(3), (2).__rpow__(3, 5), pow(2, 10, -7), (2).__pow__(2.0), (2).__pow__(2, 1.0))
print((10**30).__truediv__(10**29), (1).__truediv__(3), (-(10**30)).__truediv__(7), (0).__truediv__(-(10**30)))
print(int.__add__(1, 2), int.__mul__(True, 3), int.__repr__(5), True.__repr__(), True.__format__(""), True.__format__("d"))
print(True.__and__(False), True.__or__(False), True.__xor__(True), True.__and__(3))
for v, length, order, signed in [(1, 2, "little", False), (255, 1, "big", False), (-1, 2, "big", True), (-128, 1, "big", True),
                                  (2**64 - 1, 8, "big", False), (0, 0, "big", False), (-1, 0, "big", True), (1000, 4, "little", True)]:
    data = v.to_bytes(length, order, signed=signed)
    print(v, data, int.from_bytes(data, order, signed=signed), int.from_bytes(data, byteorder=order))
print((5).to_bytes(), (5).to_bytes(length=2, byteorder="little"), int.from_bytes([1, 2, 3], "big"), int.from_bytes((255,), "little", signed=True))
print(int.from_bytes(bytes=b"\x01\x00", byteorder="little"), bool.from_bytes(b"\x01"), bool.from_bytes(b"\x00", "big"))


class Money(int):
    def __add__(self, other):
        return Money(super().__add__(other))

    def __eq__(self, other):
        return super().__eq__(other)

    def __hash__(self):
        return super().__hash__()

    def __repr__(self):
        return "Money(" + super().__repr__() + ")"


m = Money(5)
print(m + 3, m + Money(2), 3 + m, m == 5, m == 5.0, hash(m) == hash(5), {m: "x"}[5], str(m), format(m, "03"))
print(type(m.__index__()).__name__, type(m.__int__()).__name__, type(+m).__name__, type(-m).__name__, m.__sizeof__())
print(Money.from_bytes(b"\x07", "big"), type(Money.from_bytes(b"\x07", "big")).__name__)

attempt("add args", lambda: (1).__add__())
attempt("add kw", lambda: (1).__add__(x=1))
attempt("pow args", lambda: (1).__pow__(1, 2, 3))
attempt("pow none", lambda: (1).__pow__())
attempt("pow mod 0", lambda: (5).__pow__(2, 0))
attempt("pow inverse", lambda: (2).__pow__(-1, 4))
attempt("mod 0", lambda: (5).__mod__(0))
attempt("floordiv 0", lambda: (5).__floordiv__(0))
attempt("divmod 0", lambda: (5).__divmod__(0))
attempt("truediv 0", lambda: (5).__truediv__(0))
attempt("truediv big", lambda: (2**2000).__truediv__(3))
attempt("lshift neg", lambda: (5).__lshift__(-1))
attempt("float big", lambda: (10**400).__float__())
attempt("round none", lambda: (5).__round__(None))
attempt("round float", lambda: (5).__round__(1.5))
attempt("round many", lambda: (1).__round__(1, 2))
attempt("round kw", lambda: (1).__round__(ndigits=1))
attempt("bit_length", lambda: (1).bit_length(1))
attempt("format args", lambda: (5).__format__())
attempt("format type", lambda: (5).__format__(1))
attempt("format code", lambda: (5).__format__("s"))
attempt("to_bytes big", lambda: (256).to_bytes())
attempt("to_bytes neg", lambda: (-1).to_bytes(2, "big"))
attempt("to_bytes signed", lambda: (128).to_bytes(1, "big", signed=True))
attempt("to_bytes length", lambda: (1).to_bytes(-1, "big"))
attempt("to_bytes order", lambda: (1).to_bytes(2, "middle"))
attempt("to_bytes order type", lambda: (1).to_bytes(2, 1))
attempt("to_bytes positional", lambda: (1).to_bytes(2, "big", True))
attempt("to_bytes kw", lambda: (1).to_bytes(2, "big", x=1))
attempt("to_bytes huge", lambda: (1).to_bytes(2**70))
attempt("from_bytes missing", lambda: int.from_bytes())
attempt("from_bytes str", lambda: int.from_bytes("ab", "big"))
attempt("from_bytes int", lambda: int.from_bytes(1, "big"))
attempt("from_bytes range", lambda: int.from_bytes([256], "big"))
attempt("from_bytes many", lambda: int.from_bytes(b"\x01", "big", signed=True, x=1))
attempt("from_bytes dup", lambda: int.from_bytes(b"\x01", "big", byteorder="big"))
