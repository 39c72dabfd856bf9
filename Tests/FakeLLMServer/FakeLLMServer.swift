// placeholder, replaced by the fake server
public enum FakeLLMServerPlaceholder {}
