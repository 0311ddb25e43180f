package dev.upyd.protocol.pylit;

import java.util.List;

/** A Python tuple: an immutable sequence, kept distinct from a list. */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    public int size() {
        return items.size();
    }

    public Object get(int i) {
        return items.get(i);
    }
}
