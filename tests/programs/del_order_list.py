class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
l = [D(i) for i in range(4)]
print("clear:")
l.clear()
print("cleared")
l = [D("x%d" % i) for i in range(4)]
print("del list:")
del l
print("deleted")
l = [D("p%d" % i) for i in range(3)]
print("pop:")
l.pop()
print("pop 0:")
l.pop(0)
print("slice assign:")
l[:] = [D("new")]
print("reassign item:")
l[0] = D("newer")
print("list rebind:")
l = []
print("tuple:")
t = (D("t0"), D("t1"), D("t2"))
del t
print("nested:")
n = [[D("n0"), D("n1")], [D("n2")]]
n = None
print("mul:")
m = [D("m")] * 3
del m[0]
print("still two")
del m[:]
print("end")
