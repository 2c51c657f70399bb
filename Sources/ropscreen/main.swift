import CTorch
print(String(cString: ct_version()))
