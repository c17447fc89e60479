class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
d = {"a": D("va"), "b": D("vb"), "c": D("vc")}
print("del item b")
del d["b"]
print("pop a")
d.pop("a")
print("overwrite c")
d["c"] = D("vc2")
print("popitem")
d["z"] = D("vz")
k, v = d.popitem()
print("got", k, v.name)
del v
print("dict del")
d["y"] = D("vy")
del d
print("clear")
e = {i: D("e%d" % i) for i in range(3)}
e.clear()
print("keys as objects")
class K(D):
    def __hash__(self):
        return 1
    def __eq__(self, other):
        return self is other
f = {K("k1"): D("v1"), K("k2"): D("v2")}
f = None
print("update")
g = {"x": D("gx")}
g.update({"x": D("gx2")})
print("end")
