print(int("42"), int("-17"), int("  7 "), int("ff", 16), int("0x1f", 0), int("101", 2))
print(int(3.9), int(-3.9), int(True), int("1_000"))
print(float("1.5"), float("  -2 "), float(3), float("inf"), float("-inf"), float("nan"))
print(str(123), str(1.5), str(None), str([1, 2]), str(b"ab"))
print(bool(0), bool(1), bool(""), bool("a"), bool([]), bool([0]), bool(None), bool(0.0))
print(list("abc"), list((1, 2)), list(range(3)), list({"a": 1, "b": 2}))
print(tuple([1, 2]), tuple("hi"), tuple())
print(dict([("a", 1), ("b", 2)]), dict(x=1), dict({"c": 3}, d=4))
print(repr(10), repr("s"), repr([1, "a"]), repr((1,)), repr({}))
print(ord("a"), ord("\xe9"), ord("\u20ac"), chr(65), chr(0x20ac))
print(hex(255), hex(-1), bin(5), bin(-5), oct(8))
print(abs(-5), abs(3.5), abs(-0.0), abs(True))
print(divmod(17, 5), divmod(-17, 5), divmod(7.5, 2))
print(pow(2, 10), pow(2, -1), pow(3, 4, 5), 2 ** 100)
print(round(2.5), round(3.5), round(-0.5), round(1.2345, 2), round(1234, -2), round(7))
print(int(10 ** 20), float(10 ** 20))
for bad in ["abc", "1.5", ""]:
    try:
        int(bad)
    except ValueError as e:
        print(e)
try:
    float("x")
except ValueError as e:
    print(e)
try:
    chr(-1)
except ValueError as e:
    print(e)
try:
    ord("ab")
except TypeError as e:
    print(e)
