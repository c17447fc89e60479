x = 5
y = None
print(x)
print(y[0])
