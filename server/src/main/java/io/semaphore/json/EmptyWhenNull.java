package io.semaphore.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Writes a null text field as {@code ""} in API answers: Semaphore's API types these fields as strings, so clients
 * must never meet null there. In Java the field stays null, which still means "not set" (no arguments, the
 * repository's branch).
 */
public final class EmptyWhenNull extends JsonSerializer<Object> {
    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeString("");
    }
}
