package dev.filesys.balancer.polling;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body as bytes, but gives up (and cancels the exchange) beyond a size limit. */
final class LimitedBody implements BodySubscriber<byte[]> {

    private final BodySubscriber<byte[]> bytes = BodySubscribers.ofByteArray();
    private final long limit;
    private Flow.Subscription subscription;
    private long received;
    private boolean done;

    LimitedBody(long limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return bytes.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        bytes.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done) {
            return;
        }
        received += items.stream().mapToLong(ByteBuffer::remaining).sum();
        if (received > limit) {
            done = true;
            subscription.cancel();
            bytes.onError(new IOException("answer is larger than " + limit + " bytes"));
            return;
        }
        bytes.onNext(items);
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            done = true;
            bytes.onError(failure);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            bytes.onComplete();
        }
    }
}
