# complex: literals and constant folding, construction, repr, arithmetic, comparison,
# hashing and sizes, matching CPython 3.11.
import sys

print(1j, 2.5j, 3 + 4j, -1j, -(1 + 2j), 1e16j, 1e-5 + 1j)
print(sys.getsizeof(1j), sys.getsizeof(complex()), sys.getsizeof(3 + 4j))


def consts():
    return 1j, 3 + 4j, -2j, 1.5 - 0.5j


print(consts.__code__.co_consts)

# Constructor forms.
print(complex(), complex(1), complex(1.5), complex(1, 2), complex(real=3, imag=-4))
print(complex(True), complex(False, True), complex(1j, 1j), complex(2j), complex(1 + 1j, 2))
print(complex("1+2j"), complex(" ( -1.5e3-2J ) "), complex("j"), complex("-j"), complex("3-j"))
print(complex("1_000.5j"), complex("inf"), complex("-infj"), complex("nan+nanj"), complex("1e5"))
for bad in ["", "1e", "(1+2j", "1+2i", "1__0j", "j1", "1+", "()"]:
    try:
        complex(bad)
    except ValueError as e:
        print(repr(bad), "->", e)
for args in [([],), (1, []), ("1", 2), (1, "2"), (1, 2, 3)]:
    try:
        complex(*args)
    except TypeError as e:
        print(args, "->", e)


class WithComplex:
    def __complex__(self):
        return 5 - 5j


class WithFloat:
    def __float__(self):
        return 2.5


print(complex(WithComplex()), complex(WithFloat(), WithFloat()))

# Repr and str.
for z in [complex(-0.0, -1), complex(0, -0.0), complex(-0.0, 0), complex(1.5, 0),
          complex(0, float("inf")), complex(float("nan"), float("nan")),
          complex(123.0, 456.5), complex(1e16, 1e-5), complex(-1e-7, 1.0e22), complex(0.1, 0.2)]:
    print(repr(z), str(z), f"{z}", "%s" % (z,))

# Attributes and methods.
z = 3 + 4j
print(z.real, z.imag, type(z.real).__name__, z.conjugate(), abs(z), abs(-2j))
print((1 + 2j).__complex__(), (1 + 2j).__getnewargs__())

# Arithmetic with int, float and complex operands.
a, b = 1 + 2j, 3 - 4j
print(a + b, a - b, a * b, a / b, a ** 2, a ** -2, a ** 0.5, a ** b)
print(a + 1, 1 + a, a - 2.5, 2.5 - a, a * 3, 3 * a, a / 2, 2 / a, 2 ** a, a ** 3)
print(1j * 1j, 1j ** 2, 0j ** 0, 2 ** 0.5j, (1 + 1j) ** 101, 1j * float("inf"))
print(-a, +a, -(0j), sum([1j, 2j, 3]), [1j] * 2)
print((-8) ** (1 / 3), (-2.0) ** 0.5, (-1) ** 0.5, (-27.0) ** (2 / 3))
z = 1j
z += 1
z *= 2j
z **= 2
z /= 2
z -= 1j
print(z)
for expr in ["1j / 0", "1 / 0j", "0j ** -1", "0j ** 1j", "(1e200 + 0j) ** 2",
             "complex(1e308, 1e308) * 10", "abs(complex(1e308, 1e308))",
             "1j // 1", "1j % 1", "1j + 'a'", "'a' + 1j", "1j < 2j", "1j >= 1",
             "int(1j)", "float(1j)", "pow(1j, 2, 3)", "1j * 2 ** 1100", "complex(2 ** 1100)"]:
    try:
        print(expr, "=", eval(expr))
    except Exception as e:
        print(expr, "->", type(e).__name__, e)

# Comparison, truth and hashing.
print(1j == 1j, 1 + 0j == 1, 1j == 1, 1.0 + 0j == 1.0, 2 ** 53 + 1 + 0j == 2 ** 53 + 1, 1j != 1)
print(bool(0j), bool(-0j), bool(1j), not 0j, 1 if 0.5j else 0)
print(hash(1j), hash(1 + 0j) == hash(1), hash(2.5 + 0j) == hash(2.5), hash(complex(1.5, -2.25)))
print(hash(complex(-1, 0)), hash(complex(0, -1)), hash(complex(float("inf"), 1)))
d = {1: "int", 1j: "imag", 1 + 0j: "complex one"}
print(d, 1j in {1j}, {1.0, 1 + 0j, 1})


class C(complex):
    pass


c = C(1, 2)
print(c, type(c).__name__, c + 1, type(c + 1).__name__, -c, +c, type(+c).__name__)
print(abs(c), complex(c), type(complex(c)).__name__, c.real, c == 1 + 2j)
