import sys, pickle, struct, zipfile, collections, io
sys.path.insert(0, 'stub')
import torch, torch._utils as tu
class Storage:
    def __init__(self, key, cls, data): self.key, self.cls, self.data = key, cls, data
class Tensor:
    def __init__(self, st, off, size, stride): self.st, self.off, self.size, self.stride = st, off, size, stride
    def __reduce_ex__(self, proto):
        return (tu._rebuild_tensor_v2, (self.st, self.off, self.size, self.stride, False, collections.OrderedDict()))
class Param:
    def __init__(self, t): self.t = t
    def __reduce_ex__(self, proto):
        return (tu._rebuild_parameter, (self.t, True, collections.OrderedDict()))
class P(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ('storage', obj.cls, obj.key, 'cpu', len(obj.data)//(4 if obj.cls is torch.FloatStorage else 2))
        return None
s0 = Storage('0', torch.FloatStorage, struct.pack('<6f', 0,1,2,3,4,5))
s1 = Storage('1', torch.HalfStorage, struct.pack('<3e', 1.5, -2, 0.25))
sd = collections.OrderedDict()
sd['module.w'] = Tensor(s0, 0, (2,3), (3,1))
sd['module.wt'] = Tensor(s0, 0, (3,2), (1,3))
sd['module.p'] = Param(Tensor(s1, 0, (3,), (1,)))
sd._metadata = collections.OrderedDict([('', {'version': 1}), ('visual', {'version': 2})])
top = {'epoch': 3, 'name': 'x', 'state_dict': sd, 'optimizer': {'param_groups': [{'lr': 1e-4, 'betas': (0.9, 0.98), 'params': [0, 1], 'foreach': None, 'big': 2**70}]}}
for proto in (2, 4):
    buf = io.BytesIO(); P(buf, protocol=proto).dump(top)
    with zipfile.ZipFile(f'real{proto}.pt', 'w', zipfile.ZIP_STORED) as z:
        z.writestr(f'real{proto}/data.pkl', buf.getvalue())
        z.writestr(f'real{proto}/byteorder', 'little')
        z.writestr(f'real{proto}/data/0', s0.data); z.writestr(f'real{proto}/data/1', s1.data)
        z.writestr(f'real{proto}/version', '3\n')
    import pickletools
    ops = set(); [ops.add(op.name) for op, a, p in pickletools.genops(buf.getvalue())]; print(proto, sorted(ops))
