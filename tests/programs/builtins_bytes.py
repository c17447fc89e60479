import sys
b = bytes(5)
print(b, len(b), sys.getsizeof(b))
print(bytes([65, 66, 67]), bytes(b"xy"), bytes("h\xe9", "utf-8"))
print(b"ab" * 3, b"ab" + b"cd", b"a" in b"abc", b"abc"[1], b"abc"[-1:])
print(b"hello".upper(), b"a,b".split(b","), b"-".join([b"x", b"y"]))
print(list(b"abc"), b"abc" == b"abc", b"abc" < b"abd", hash(b"") == hash(b""))
print("h\xe9".encode(), "h\xe9".encode("latin-1"), b"h\xc3\xa9".decode())
print(repr(b"\x00\xff'\""), sys.getsizeof(bytes([1, 2, 3])))
e, A = b"", b"A"
print(bytes(0) is e, bytes([65]) is A)
try:
    bytes([256])
except ValueError as e:
    print(e)
try:
    b"a" + "b"
except TypeError as e:
    print(e)
