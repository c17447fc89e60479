def same(a, b):
    return a is b
print("chr 97", same(chr(97), chr(97)))
print("chr 255", same(chr(255), chr(255)))
print("chr 256", same(chr(256), chr(256)))
print("chr 0", same(chr(0), chr(0)))
s = "hello"
print("index char", same(s[1], "e"))
print("slice char", same(s[1:2], "e"))
e = ''
print("'' is str()", e is str())
print("'' slice", same(s[3:3], ''))
et = ()
print("() is tuple()", et is tuple())
print("tuple([])", same(tuple([]), ()))
print("empty slice tuple", same((1, 2)[5:], ()))
eb = b''
print("b'' is bytes()", eb is bytes())
print("bytes([65])", same(bytes([65]), b'A'))
print("[] is []", same([], []))
print("{} is {}", same({}, {}))
print("frozenset", same(frozenset(), frozenset()))
t = ()
u = ()
print("() ids", id(t) == id(u))
print("str(x) empty", same(str(''), ''))
print("str * 0", same("abc" * 0, ''))
print("tuple * 0", same((1, 2) * 0, ()))
