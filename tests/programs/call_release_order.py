# Arguments of calls into built-in functions and methods are released after the call,
# in order; __del__ shows when each goes.


import sys


class D:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


print(getattr(D(1), "n", D(2)))
print(isinstance(D(3), (D, int)))
print([].count(D(4)))
print(len([D(5), D(6)]))
print(hasattr(D(7), "m"))
print("done")

# A built-in method called with one local argument (the shortest call path).
lst = []
d = D(8)
print(lst.count(d), sys.getrefcount(d))
lst.append(d)
print(sys.getrefcount(d))
lst.pop()
del d
x = 5
try:
    lst.remove(x)
except ValueError as e:
    print("ValueError:", e)
lst.index(x)
