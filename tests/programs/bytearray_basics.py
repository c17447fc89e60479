# bytearray: construction, sizes (56-byte header plus CPython's allocation policy),
# indexing, slicing, mutation, operators and errors, matching CPython 3.11.
import sys

print(sys.getsizeof(bytearray()), sys.getsizeof(bytearray(b"abc")), sys.getsizeof(bytearray(10)))
print(bytearray(), bytearray(b"abc"), bytearray(3), bytearray([1, 2, 255]), bytearray((65, True)))
print(bytearray(range(5)), bytearray(x for x in b"hi"), bytearray("h\xe9llo", "utf-8"))
print(bytearray(source="xy", encoding="ascii"), bytearray(bytearray(b"copy")), bytearray(False))
print(repr(bytearray(b"\x00\x7f\x80\xff\t\n\r\\")), bytearray(b"'"), bytearray(b'"'), bytearray(b"'\""))
print(str(bytearray(b"s")), len(bytearray(b"four")), bool(bytearray()), bool(bytearray(1)))
for size_arg in [[0] * 50, range(40), b"x" * 100, (i for i in range(17))]:
    print(sys.getsizeof(bytearray(size_arg)))
for args in [(-1,), ("abc",), (1.5,), ([256],), (["a"],), (b"x", "utf-8"), (2 ** 100,),
             (object(),), (1, 2, 3, 4)]:
    try:
        bytearray(*args)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    bytearray(encoding="utf-8")
except TypeError as e:
    print(e)
try:
    bytearray(2 ** 62)
except MemoryError:
    print("MemoryError")

# Growth: append over-allocates like list_resize, shrinking reallocates exactly.
ba = bytearray()
for i in range(20):
    ba.append(i)
    print(len(ba), sys.getsizeof(ba), ba.__alloc__())
while ba:
    ba.pop(0)
    print(len(ba), sys.getsizeof(ba))
ba = bytearray(b"abcdefghij")
ba.pop()
ba.pop(0)
del ba[0]
print(ba, sys.getsizeof(ba))
ba.clear()
print(ba, sys.getsizeof(ba))
ba.extend(range(20))
ba.extend(b"xyz")
ba.extend(ba)
ba.extend(iter([1, 2]))
print(len(ba), sys.getsizeof(ba))
ba += b"12345678901234567890"
ba *= 2
print(len(ba), sys.getsizeof(ba))
ba *= 0
print(ba, sys.getsizeof(ba))

# Indexing and slicing.
b = bytearray(range(20))
print(b[0], b[-1], b[::3], b[::-1], b[5:2:-1], b[-3:], b[100:], b[3:3], type(b[1:2]).__name__)
for bad in [20, -21, "x", 2 ** 70]:
    try:
        b[bad]
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
for k in [slice(None, None, 2), slice(1, None, 3), slice(None, None, -2), slice(-1, 2, -3), slice(5, 15)]:
    c = bytearray(range(20))
    del c[k]
    print(c, sys.getsizeof(c))
c = bytearray(range(10))
c[0] = 65
c[-1] = 67
c[2:5] = (200, 201)
print(c, sys.getsizeof(c))
c[2:2] = bytearray(b"xyz")
c[8:2] = b"Q"
print(c, sys.getsizeof(c))
c[::-1] = bytes(range(len(c)))
print(c)
c[1:1] = c
print(c)
del c[1]
c[:] = b""
print(c, sys.getsizeof(c))
for key, value in [(0, 256), (0, "a"), (50, 1), (slice(0, 2), 5), (slice(0, 2), "ab"),
                   (slice(None, None, 2), b"abc"), ("k", 1)]:
    c = bytearray(b"abcd")
    try:
        c[key] = value
    except (IndexError, TypeError, ValueError) as e:
        print(type(e).__name__, e)

# Methods.
m = bytearray(b"hello")
m.append(33)
m.insert(0, 62)
m.insert(-100, 60)
m.remove(ord("l"))
m.reverse()
print(m, m.pop(), m.pop(1), m)
for call in [lambda: bytearray().pop(), lambda: bytearray(b"a").pop(5), lambda: m.append(256),
             lambda: m.append("a"), lambda: m.extend(5), lambda: m.remove(7)]:
    try:
        call()
    except (IndexError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
n = bytearray(b"abc")
k = n.copy()
k[0] = 0
print(n, k, n.copy() is n)
print(bytearray(b"\xe2\x82\xac").decode(), bytearray(b"a\xffb").decode("utf-8", "replace"))
print(bytearray(b"ab").decode(encoding="latin-1"), bytearray(b"abc").decode("ascii"))
try:
    bytearray(b"\xff").decode()
except UnicodeDecodeError as e:
    print(e)
print(bytearray(b"\x01\x02\x03\x04\x05").hex(), bytearray().hex(), bytearray(b"abcdef").hex(":"))
print(bytearray(b"abcdef").hex(" ", 4), bytearray(b"abcdef").hex(b"_", -4))

# Operators.
print(bytearray(b"ab") + b"cd", b"ab" + bytearray(b"cd"), bytearray(b"ab") + bytearray(b"cd"))
print(bytearray(b"ab") * 3, 2 * bytearray(b"xy"), bytearray(b"ab") * -1, sys.getsizeof(bytearray(b"ab") * 3))
print(bytearray(b"abc") == b"abc", b"abc" == bytearray(b"abc"), bytearray(b"abc") == bytearray(b"abc"))
print(bytearray(b"abc") < b"abd", b"abc" < bytearray(b"abd"), bytearray(b"a") >= bytearray(b"a"))
print(bytearray(b"ab") == "ab", bytearray(b"abc") == [97, 98, 99], bytearray(b"ab") != 5)
print(97 in bytearray(b"abc"), b"bc" in bytearray(b"abc"), bytearray(b"c") in bytearray(b"abc"), 0 in bytearray(1))
for expr in ["bytearray(b'a') + 1", "1 + bytearray(b'a')", "bytearray(b'ab') * 'a'", "b'x' * bytearray()",
             "hash(bytearray())", "{bytearray(): 1}", "'a' in bytearray(b'abc')", "300 in bytearray()",
             "bytearray(b'a') < 'a'", "bytearray(b'x') * 2 ** 63"]:
    try:
        print(expr, "=", eval(expr))
    except (TypeError, ValueError, OverflowError) as e:
        print(expr, "->", type(e).__name__, e)
try:
    bytearray(b"x") * 2 ** 62
except MemoryError:
    print("MemoryError")
s = bytearray(b"ab")
try:
    s += s
except BufferError as e:
    print(e)

# Iteration.
it = iter(bytearray(b"xy"))
print(type(it).__name__, next(it), list(it), list(it))
y = bytearray(b"abc")
it = iter(y)
next(it)
y.append(100)
print(list(it), list(bytearray(b"AB")), tuple(bytearray(2)), bytes(bytearray(b"qq")))
for i, ch in enumerate(y):
    if i == 0:
        y[3] = ord("!")
print(y, [ch for ch in y], sum(y), max(bytearray(b"azb")))


class B(bytearray):
    pass


x = B(b"ab")
print(x, type(x).__name__, sys.getsizeof(x), type(x + b"1").__name__, type(x[0:1]).__name__)
x += b"cd"
x *= 2
x.append(1)
print(x, type(x).__name__, len(x), x == b"abcdabcd\x01")
