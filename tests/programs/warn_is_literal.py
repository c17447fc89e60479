x = 5
print(x is 5)
s = "a"
print(s is not "b")
print(() is ())
