class D:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child
    def __del__(self):
        print("del", self.name)
p = D("parent", D("child", D("grandchild")))
print("del parent")
del p
print("attr rebind")
q = D("q", D("q-child"))
q.child = D("q-child2")
print("del attr")
del q.child
print("end q")
q = None
print("setattr")
r = D("r")
setattr(r, "child", D("r-child"))
delattr(r, "child")
print("instance in list in instance")
s = D("s", [D("s0"), D("s1")])
del s
print("slots")
class S:
    __slots__ = ('a', 'b')
    def __del__(self):
        print("del S")
t = S()
t.a = D("slot-a")
t.b = D("slot-b")
del t
print("end")
