# Arguments of calls into built-in functions and methods are released after the call,
# in order; __del__ shows when each goes.


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
