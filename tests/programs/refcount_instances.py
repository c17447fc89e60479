import sys
class C:
    def __init__(self, v):
        self.v = v
    def me(self):
        return sys.getrefcount(self)
payload = []
c = C(payload)
print("instance", sys.getrefcount(c))
print("payload attr", sys.getrefcount(payload))
print("method self", c.me())
m = c.me
print("bound method holds", sys.getrefcount(c))
del m
print("bound released", sys.getrefcount(c))
print("class", sys.getrefcount(C))
c2 = C(payload)
print("two instances", sys.getrefcount(C), sys.getrefcount(payload))
del c2
print("one instance", sys.getrefcount(C), sys.getrefcount(payload))
c.v = None
print("attr rebound", sys.getrefcount(payload))
class S:
    __slots__ = ('a',)
s = S()
s.a = payload
print("slot holds", sys.getrefcount(payload))
del s.a
print("slot deleted", sys.getrefcount(payload))
insts = [C(i) for i in range(3)]
print("class after 3", sys.getrefcount(C))
del insts
print("class after del", sys.getrefcount(C))
