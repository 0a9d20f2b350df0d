package io.caravan.feedback;

import java.util.function.Consumer;

/** Where the region's suppressions are kept durably and how a node hears of every change to them. */
public interface SuppressionStore extends AutoCloseable {

    /** Makes the region's store ready (a queue or topic declared when missing); called once at start. */
    void declare();

    /** Stores one suppression durably; throws when it cannot. */
    void put(Suppression s);

    /** Stores the removal of one; throws when it cannot. */
    void delete(String scope, String recipient);

    /** Calls {@code added} for every stored suppression, then for each change, as long as the store runs. */
    void follow(Consumer<Suppression> added, Consumer<String> removedKey);

    @Override
    void close();
}
