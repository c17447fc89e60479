import sys
x = []
print("x=[]", sys.getrefcount(x))
y = x
print("y=x", sys.getrefcount(x))
l = [x, x]
print("l=[x,x]", sys.getrefcount(x))
del y, l
print("after del", sys.getrefcount(x))
a = 1000
print("a=1000", sys.getrefcount(a))
b = 1000
print("b=1000", sys.getrefcount(a))
c = 999 + 1
print("c folded", sys.getrefcount(c))
n = int("12345")
print("n fresh", sys.getrefcount(n))
s = "hello"
print("s hello", sys.getrefcount(s))
s2 = "hello world!"
print("s2", sys.getrefcount(s2))
t = (1, 2, 3)
print("t const", sys.getrefcount(t))
f = 3.14
print("f", sys.getrefcount(f))
o = object()
print("o", sys.getrefcount(o))
print("literal 1000", sys.getrefcount(1000))
print("temp list", sys.getrefcount([]))
print("temp dict", sys.getrefcount({}))
def g(): pass
print("function", sys.getrefcount(g))
class K: pass
k = K()
print("instance", sys.getrefcount(k))
print("class", sys.getrefcount(K))
big = 2 ** 100
print("big computed", sys.getrefcount(big))
big2 = 1267650600228229401496703205376
print("big literal", sys.getrefcount(big2))
