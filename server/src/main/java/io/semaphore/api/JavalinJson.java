package io.semaphore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.semaphore.json.Json;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.jspecify.annotations.NonNull;

/** Javalin's JSON mapper: writes with {@link Json#MAPPER}, reads request bodies through {@link Bodies}. */
public final class JavalinJson implements io.javalin.json.JsonMapper {
    @Override
    public @NonNull String toJsonString(@NonNull Object obj, @NonNull Type type) {
        try {
            return Json.MAPPER.writeValueAsString(obj);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + obj.getClass().getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public <T> @NonNull T fromJsonString(@NonNull String json, @NonNull Type type) {
        return Bodies.parse(json, type);
    }

    @Override
    public <T> @NonNull T fromJsonStream(@NonNull InputStream json, @NonNull Type type) {
        try {
            return Bodies.parse(Bodies.text(json.readAllBytes()), type);
        } catch (java.io.IOException e) {
            throw new io.semaphore.errors.ValidationException("Cannot read the request body: " + e.getMessage());
        }
    }
}
