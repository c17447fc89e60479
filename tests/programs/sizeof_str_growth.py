import sys
s = ""
for i in range(20):
    s += "x"
    print(len(s), sys.getsizeof(s))
u = "\u20ac"
for i in range(5):
    u += "y"
    print("ucs2", len(u), sys.getsizeof(u))
m = "a" + "\U0001f600"
print("mixed", sys.getsizeof(m), sys.getsizeof(m[:1]), sys.getsizeof(m[1:]))
print(sys.getsizeof(str(10 ** 30)), sys.getsizeof(repr(1.5)), sys.getsizeof(str([1, 2])))
print(sys.getsizeof("%d" % 5), sys.getsizeof(f"{5}"), sys.getsizeof(chr(200)), sys.getsizeof(chr(300)))
