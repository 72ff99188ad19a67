class FloatStorage: pass
class HalfStorage: pass
