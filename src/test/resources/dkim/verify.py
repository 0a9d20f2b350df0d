# Verifies every DKIM-Signature of the message on stdin with dkimpy, the public keys asked of the DNS
# server at 127.0.0.1:PORT over the wire. Prints one line per signature: "<d> <s> <a> pass|fail <detail>".
# Exit 0 when every signature passes and there is at least one.
import sys
import dkim
import dns.resolver

port = int(sys.argv[1])
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ['127.0.0.1']
resolver.port = port
resolver.lifetime = 5


def txt(name, timeout=5):
    qname = name.decode('ascii') if isinstance(name, bytes) else name
    try:
        answer = resolver.resolve(qname, 'TXT')
    except Exception:
        return None
    for rr in answer:
        return b''.join(rr.strings)
    return None


message = sys.stdin.buffer.read()
d = dkim.DKIM(message)
count = 0
ok = True
for idx, (name, value) in enumerate([h for h in d.headers if h[0].lower() == b'dkim-signature']):
    count += 1
    tags = dkim.util.parse_tag_value(value)
    try:
        result = d.verify(idx=idx, dnsfunc=txt)
        detail = ''
    except Exception as e:
        result = False
        detail = repr(e)
    ok = ok and result
    print(tags.get(b'd', b'?').decode(), tags.get(b's', b'?').decode(), tags.get(b'a', b'?').decode(),
          'pass' if result else 'fail', detail)
sys.exit(0 if ok and count > 0 else 1)
