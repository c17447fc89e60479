import sys
a = 10 ** 30
print(sys.getrefcount(a))
b = a
print(sys.getrefcount(a))
c = a + 0
print("a+0 is new", c is a, sys.getrefcount(a), sys.getrefcount(c))
d = 123456789012345678901234567890
print("literal", sys.getrefcount(d))
e = 123456789012345678901234567890
print("same literal", sys.getrefcount(d), d is e)
def f():
    return 123456789012345678901234567890
print("func const", f() is d)
x = 5000
y = 5000
print("5000", x is y, sys.getrefcount(x))
z = int("5000")
print("int() new", z is x, sys.getrefcount(z))
lst = [x] * 5
print("list of x", sys.getrefcount(x))
print(-a, a * a, a // 7, a % 7)
print(sys.getsizeof(a), sys.getsizeof(a * a))
