a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
(c, d), e = (3, 4), 5
print(c, d, e)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
h, *mid, t = range(6)
print(h, mid, t)
x = y = z = [0]
print(x is y, y is z)
n = 10
n += 5
n -= 3
n *= 2
n //= 5
n **= 3
n %= 7
print(n)
s = "ab"
s *= 3
s += "!"
print(s)
l = [1]
l2 = l
l += [2, 3]
print(l2, l is l2)
t = (1,)
t2 = t
t += (2,)
print(t, t2, t is t2)
f = 7.0
f /= 2
print(f)
bits = 0b1010
bits |= 1
bits &= 0b1011
bits ^= 0b0110
bits <<= 2
bits >>= 1
print(bits)
[p, q] = [10, 20]
print(p, q)
for i, (j, k) in enumerate([(1, 2), (3, 4)]):
    print(i, j, k)
lst = [0, 0, 0]
i = 0
i, lst[i] = 1, 5
print(i, lst)
try:
    u, v = [1, 2, 3]
except ValueError as err:
    print(err)
try:
    u, v, w = [1, 2]
except ValueError as err:
    print(err)
try:
    u, *v, w = [1]
except ValueError as err:
    print(err)
