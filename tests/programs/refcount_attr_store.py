# Reference counts seen while an attribute store releases the value it replaces: the
# owner and the new value are counted as CPython counts them at that moment.
import sys


class Noisy:
    def __init__(self, name, watch):
        self.name = name
        self.watch = watch

    def __del__(self):
        owner, value = self.watch
        print("del", self.name, sys.getrefcount(owner), sys.getrefcount(value))


class Box:
    def __init__(self):
        self.item = None

    def put(self, x):
        self.item = x


b = Box()
v1 = ["v1"]
v2 = ["v2"]
for i in range(12):
    b.put(Noisy(i, (b, v1 if i % 2 else v2)))
    print(i, sys.getrefcount(b), sys.getrefcount(b.item))
b.put(None)
print(sys.getrefcount(b))
