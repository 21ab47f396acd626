#!/bin/sh
# t-act-smtp.sh - a reply sent for real: msmtp delivers it over SMTP to a
# sink on 127.0.0.1 that this test starts (and that stops by itself after
# one connection or 60 seconds); the sink's copy must be the sent copy.
. "$TEST_DATA/t-act-lib.sh"
for tool in msmtp python3; do
	command -v $tool > /dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

act_setup 006.eml 008.eml
SINK="$TMP_DIRECTORY/sink"
mkdir -p "$SINK"
cat > "$TMP_DIRECTORY/sink.py" <<'EOF'
# A one-message SMTP sink: records the envelope and the message.
import os, socket, sys
out = sys.argv[1]
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
server.settimeout(60)
with open(out + "/port.tmp", "w") as f:
    f.write(str(server.getsockname()[1]))
os.rename(out + "/port.tmp", out + "/port")
conn, _ = server.accept()
conn.settimeout(30)
r, w = conn.makefile("rb"), conn.makefile("wb")
def reply(text):
    w.write(text.encode() + b"\r\n")
    w.flush()
reply("220 sink ESMTP")
envelope = []
while True:
    line = r.readline()
    if not line:
        break
    command = line.decode().rstrip("\r\n")
    verb = command.upper()
    if verb.startswith("EHLO"):
        reply("250-sink\r\n250 8BITMIME")
    elif verb.startswith(("HELO", "RSET", "NOOP")):
        reply("250 OK")
    elif verb.startswith(("MAIL FROM:", "RCPT TO:")):
        envelope.append(command)
        reply("250 OK")
    elif verb == "DATA":
        reply("354 go ahead")
        data = []
        while True:
            l = r.readline()
            if l in (b".\r\n", b""):
                break
            data.append((l[1:] if l.startswith(b".") else l).replace(b"\r\n", b"\n"))
        with open(out + "/message.eml", "wb") as f:
            f.write(b"".join(data))
        reply("250 queued")
    elif verb == "QUIT":
        reply("221 bye")
        break
    else:
        reply("502 not implemented")
with open(out + "/envelope", "w") as f:
    f.write("\n".join(envelope) + "\n")
EOF
python3 "$TMP_DIRECTORY/sink.py" "$SINK" &
sink=$!
for i in $(seq 100); do [ -f "$SINK/port" ] && break; sleep 0.1; done
cat > "$TMP_DIRECTORY/msmtprc" <<EOF
account default
host 127.0.0.1
port $(cat "$SINK/port")
from maint@example.org
auth off
tls off
EOF
chmod 600 "$TMP_DIRECTORY/msmtprc"
act_config "sendmail = msmtp -C $TMP_DIRECTORY/msmtprc -t"

out=$(sm act hold --tree 6.12 --reason "It breaks governor scripts." --send 914cc799b28f 2>&1)
status=$?
wait $sink
id=$(printf '%s\n' "$out" | sed -n 's/.*sent <\(.*\)>$/\1/p')
check "msmtp sent it" "0 hold 914cc799b28f 6.12: sent <$id>" "$status $out"
check "the envelope: every To and Cc address" "MAIL FROM:<maint@example.org>
RCPT TO:<gregkh@linuxfoundation.org>
RCPT TO:<stable@vger.kernel.org>
RCPT TO:<patches@lists.linux.dev>
RCPT TO:<zhenglifeng1@huawei.com>
RCPT TO:<cw00.choi@samsung.com>
RCPT TO:<sashal@kernel.org>" "$(sed 's/ BODY=8BITMIME//' "$SINK/envelope")"
copy=$(notmuch search --output=files "id:$id")
check "the delivered message is the sent copy" "same" \
	"$(cmp "$SINK/message.eml" "$copy" > /dev/null && echo same || diff -u "$copy" "$SINK/message.eml")"
check "and it is the hold reply" "In-Reply-To: <20250818124453.167067654@linuxfoundation.org>
Please hold off on 914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\") for 6.12 for now:" \
	"$(unwrap "$SINK/message.eml" | grep -e '^In-Reply-To:' -e '^Please')"
check "the patch is on hold" "inbox stablemate/hold unread" "$(tags_of 20250818124453.167067654@linuxfoundation.org)"

test_done
