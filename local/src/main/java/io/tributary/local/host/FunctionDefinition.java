package io.tributary.local.host;

import java.lang.reflect.Method;

/** One function as its annotations declare it: the {@code @FunctionName} and the method to call. */
public record FunctionDefinition(String name, Class<?> type, Method method) {
}
