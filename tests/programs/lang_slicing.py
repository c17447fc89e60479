l = list(range(10))
print(l[2:5], l[:3], l[7:], l[-3:], l[:-7])
print(l[::2], l[1::3], l[::-1], l[8:2:-2])
print(l[100:], l[-100:2], l[5:1])
s = "hello world"
print(s[0], s[-1], s[::-1], s[2:8:2])
t = tuple(range(6))
print(t[1:4], t[::-2])
m = l[:]
m[2:5] = ["a", "b"]
print(m)
m[1:1] = [99, 98]
print(m)
m[::3] = [0] * len(m[::3])
print(m)
try:
    m[::2] = [1]
except ValueError as e:
    print(e)
sl = slice(1, 8, 3)
print(l[sl], sl.start, sl.stop, sl.step)
print(slice(None, 5).indices(10))
b = b"bytes!"
print(b[1:3], b[0])
print("abc"[5:], "abc"[-5:])
r = range(20)
print(r[2:10:3], list(r[::-5]))
try:
    l[20]
except IndexError as e:
    print(e)
try:
    s[20]
except IndexError as e:
    print(e)
try:
    t[20]
except IndexError as e:
    print(e)
