package dev.filesys.balancer.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a DNS name to its addresses: the system resolver in the application, a stand-in in unit tests. */
@FunctionalInterface
interface AddressResolver {

    /** The system resolver ({@code /etc/hosts}, then DNS: A and AAAA records). */
    AddressResolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

    /**
     * @return the name's addresses, never empty
     * @throws UnknownHostException when the name does not resolve: no such name, no records (a headless Service
     *     without a ready pod), or DNS unreachable
     */
    List<InetAddress> resolve(String name) throws UnknownHostException;
}
