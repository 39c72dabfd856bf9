import CSim
public enum Placeholder { public static func abi() -> Int32 { csim_abi_version() } }
