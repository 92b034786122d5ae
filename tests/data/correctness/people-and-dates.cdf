<?xml version="1.0"?>
<CHANNEL HREF="http://example.org/">
<TITLE>Kênh CDF</TITLE>
<ITEM HREF="http://example.org/c1" LASTMOD="2004-04-06T23:05:43-05:00"><TITLE>c1</TITLE></ITEM>
</CHANNEL>
